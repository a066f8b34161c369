@api
Feature: Product status
  productStatus answers "does my configuration make the managed service reachable from the vRack?":
  ACTIVE when associated to a vRack with at least one Service Endpoint, DRAFT otherwise, SUSPENDED
  when the product is suspended. The association itself goes through the vRack (v1) API: vrackId is
  read-only in the target spec.

  Background:
    Given a vRack "pn-xyzzz"
    And a delivered vRack Services "vrs1" in region "LIM"
    And an Enterprise File Storage "efs1" in region "LIM"

  Scenario: DRAFT until both an endpoint and a vRack exist, then ACTIVE, and back
    Then the product status of "vrs1" is "DRAFT"
    When "vrs1" exposes "efs1" on a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    Then the product status of "vrs1" is "DRAFT"
    When I associate "vrs1" to the vRack "pn-xyzzz"
    Then the product status of "vrs1" is "ACTIVE"
    And the vRack "pn-xyzzz" lists "vrs1" among its vRack Services
    When I remove every Service Endpoint from "vrs1"
    And "vrs1" becomes READY within 30 seconds
    Then the product status of "vrs1" is "DRAFT"

  Scenario: dissociating the vRack makes it DRAFT again
    Given "vrs1" exposes "efs1" on a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    And "vrs1" is associated to the vRack "pn-xyzzz"
    Then the product status of "vrs1" is "ACTIVE"
    When I dissociate "vrs1" from the vRack "pn-xyzzz"
    Then the product status of "vrs1" is "DRAFT"

  Scenario: vrackId is read-only: a vRack Services joins a vRack through the vRack API only
    When I try to put "vrs1" in the vRack "pn-xyzzz" through its target spec
    Then the request is refused with HTTP 400 and class "Client::BadRequest::InvalidJSON"
    And the error message contains "vrackId"
    And the target spec of "vrs1" is unchanged
    And "vrs1" is in no vRack
    When I associate "vrs1" to the vRack "pn-xyzzz"
    Then the vRack "pn-xyzzz" lists "vrs1" among its vRack Services

  @simulator-only
  Scenario: a suspended vRack Services is SUSPENDED, and ACTIVE again once resumed
    Given "vrs1" exposes "efs1" on a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    And "vrs1" is associated to the vRack "pn-xyzzz"
    When the vRack Services "vrs1" is suspended
    Then the product status of "vrs1" is "SUSPENDED"
    When the vRack Services "vrs1" is resumed
    Then the product status of "vrs1" is "ACTIVE"
