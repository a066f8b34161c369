@api
Feature: Service Endpoint rules
  A Service Endpoint exposes one managed service on a subnet. The managed service must exist, be of
  a compatible type, be in the vRack Services' region, be referenced once, be attached to one
  vRack Services at a time, and fit in the service range. Subnets are /24, which every profile
  accepts (the live API accepts nothing else).

  Background:
    Given a delivered vRack Services "vrs1" in region "LIM"
    And an Enterprise File Storage "efs1" in region "LIM"
    And "vrs1" has a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none

  Scenario: the guide's complete example: the first endpoint gets 10.120.0.1
    When I add a Service Endpoint for "efs1" to the subnet 10.120.0.0/24 of "vrs1"
    Then the request is accepted with a new checksum
    And "vrs1" becomes READY within 30 seconds
    And the endpoint of "efs1" on "vrs1" has IP 10.120.0.1 described "Nominal"
    And the subnet 10.120.0.0/24 of "vrs1" shows 1 used, 2 remaining and 5 reserved IPs

  Scenario Outline: a managed service from another region is refused (regions named as in <source>)
    Given an Enterprise File Storage "efs-gra" in region "GRA"
    When I add a Service Endpoint for "efs-gra" to the subnet 10.120.0.0/24 of "vrs1"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::ManagedServiceRegionMismatch"
    And the error message contains "it cannot be attached to this VrackServices in region '<region>'"

    @profile-2024-04
    Examples: the guide "Exposing a managed service"
      | source    | region |
      | the guide | LIM    |

    @profile-2025-10
    Examples: the OpenAPI schema
      | source             | region      |
      | the OpenAPI schema | eu-west-lim |

  Scenario: a managed service referenced twice is refused
    When I add two Service Endpoints for "efs1" to the subnet 10.120.0.0/24 of "vrs1"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::ManagedServiceDuplicated"

  Scenario: a managed service attached elsewhere is refused
    Given a delivered vRack Services "vrs2" in region "LIM"
    And "vrs2" has a subnet 10.130.0.0/24 with service range 10.130.0.0/29 and VLAN none
    And "vrs1" exposes "efs1" on the subnet 10.120.0.0/24
    When I add a Service Endpoint for "efs1" to the subnet 10.130.0.0/24 of "vrs2"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::ManagedServiceAlreadyAttached"

  Scenario Outline: a malformed or unknown managed service is refused (<case>)
    When I add a Service Endpoint with URN "<urn>" to the subnet 10.120.0.0/24 of "vrs1"
    Then the request is refused with HTTP <status> and class "<class>"

    Examples:
      | case                  | urn                                                          | status | class                                              |
      | not an IAM URN        | storageNetApp-1234                                           | 400    | Client::BadRequest::ManagedServiceURNBadFormat     |
      | incompatible type     | urn:v1:eu:resource:dedicatedServer:ns1234.ip-1-2-3.eu        | 400    | Client::BadRequest::ManagedServiceIncompatibleType |
      | unknown service       | urn:v1:eu:resource:storageNetApp:00000000-0000-0000-0000-000000000000 | 404 | Client::NotFound::ManagedServiceNotFound   |

  @simulator-only
  Scenario: endpoints beyond the service range's capacity are refused
    Given 4 Enterprise File Storages "bulk" in region "LIM"
    When I add Service Endpoints for the 4 "bulk" services to the subnet 10.120.0.0/24 of "vrs1"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::ServiceRangeIPsCapacityExceeded"
    And the error message contains "requested ServiceEndpoints require 4 IPs, it exceeds the ServiceRange IPs capacity (3)"

  Scenario: eligible managed services are those of the vRack Services' region
    Given an Enterprise File Storage "efs-gra" in region "GRA"
    Then the eligible managed services of "vrs1" include "efs1"
    And the eligible managed services of "vrs1" do not include "efs-gra"

  # Eligibility excluding services attached elsewhere is our reading (reference §2, [D/I]).
  @simulator-only
  Scenario: a managed service attached to another vRack Services is no longer eligible
    Given a delivered vRack Services "vrs2" in region "LIM"
    And "vrs2" has a subnet 10.130.0.0/24 with service range 10.130.0.0/29 and VLAN none
    Then the eligible managed services of "vrs2" include "efs1"
    When "vrs1" exposes "efs1" on the subnet 10.120.0.0/24
    Then the eligible managed services of "vrs2" do not include "efs1"
