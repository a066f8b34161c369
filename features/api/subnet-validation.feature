@api
Feature: Subnet, service range and VLAN rules
  A PUT on a vRack Services is validated before anything is accepted: every rule of the guide and
  of the published error catalogue answers HTTP 400 with its own error class, and a refused
  request changes nothing. Subnets are /24 unless a scenario is about the prefix: the guide's
  profile (2024-04) accepts /16 to /24, the live API's (2025-10) only /24.

  Background:
    Given a delivered vRack Services "vrs1" in region "LIM"

  Scenario Outline: a subnet breaking a rule is refused with its own class (<rule>)
    When I add to "vrs1" a subnet <cidr> with service range <range> and VLAN <vlan>
    Then the request is refused with HTTP 400 and class "<class>"
    And the error message contains "<message>"
    And the target spec of "vrs1" is unchanged

    Examples:
      | rule                               | cidr           | range            | vlan | class                                                      | message                                              |
      | subnet must be RFC 1918            | 11.0.0.0/24    | 11.0.0.0/29      | none | Client::BadRequest::SubnetCIDRNotPrivateNetwork            | CIDR must be a private network address (see RFC1918) |
      | subnet must be a network address   | 10.120.0.1/24  | 10.120.0.0/29    | none | Client::BadRequest::SubnetCIDRNotNetworkIP                 | CIDR is not a base IP (network address)              |
      | subnet no larger than /16          | 10.0.0.0/15    | 10.0.0.0/29      | none | Client::BadRequest::SubnetCIDRPrefixLengthIncorrect        | CIDR prefix length must be                           |
      | subnet no smaller than /24         | 10.120.0.0/25  | 10.120.0.0/29    | none | Client::BadRequest::SubnetCIDRPrefixLengthIncorrect        | CIDR prefix length must be                           |
      | range inside the subnet            | 10.120.0.0/24  | 10.121.0.0/29    | none | Client::BadRequest::ServiceRangeCIDRNotInSubnetCIDR        | is not a sub-network of the Subnet CIDR              |
      | range must be a network address    | 10.120.0.0/24  | 10.120.0.1/29    | none | Client::BadRequest::ServiceRangeCIDRNotNetworkIP           | CIDR is not a base IP (network address)              |
      | range no larger than /27 (guide)   | 10.120.0.0/24  | 10.120.0.0/26    | none | Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange | CIDR prefix length is out of range [27, 29]          |
      | range no smaller than /29          | 10.120.0.0/24  | 10.120.0.0/30    | none | Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange | CIDR prefix length is out of range [27, 29]          |
      | VLAN not below 2                   | 10.120.0.0/24  | 10.120.0.0/29    | 1    | Client::BadRequest::SubnetVLANOutOfRange                   | VLAN 1 is out of range [2, 4094]                     |
      | VLAN not above 4094                | 10.120.0.0/24  | 10.120.0.0/29    | 4095 | Client::BadRequest::SubnetVLANOutOfRange                   | VLAN 4095 is out of range [2, 4094]                  |

  Scenario Outline: valid subnets are accepted (<rule>)
    When I add to "vrs1" a subnet <cidr> with service range <range> and VLAN <vlan>
    Then the request is accepted with a new checksum
    And "vrs1" becomes READY within 30 seconds
    And the subnet <cidr> of "vrs1" shows 0 used, <remaining> remaining and <reserved> reserved IPs

    Examples:
      | rule                          | cidr            | range            | vlan | remaining | reserved |
      | the OpenAPI schema's example  | 10.120.0.0/24   | 10.120.0.0/29    | 2    | 3         | 5        |
      | a /28 range, untagged         | 192.168.1.0/24  | 192.168.1.0/28   | none | 11        | 5        |
      | range in the middle           | 172.16.0.0/24   | 172.16.0.32/27   | 4094 | 28        | 4        |

  @profile-2024-04
  Scenario: the guide's profile (2024-04) accepts a /16 subnet, as in the guide's complete example
    When I add to "vrs1" a subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    Then the request is accepted with a new checksum
    And "vrs1" becomes READY within 30 seconds
    And the subnet 10.120.0.0/16 of "vrs1" shows 0 used, 3 remaining and 5 reserved IPs

  @profile-2025-10
  Scenario: the live API's profile (2025-10) only accepts /24 subnets
    When I add to "vrs1" a subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    Then the request is refused with HTTP 400 and class "Client::BadRequest::SubnetCIDRPrefixLengthIncorrect"
    And the error message contains "CIDR prefix length must be 24"
    And the target spec of "vrs1" is unchanged

  Scenario: a subnet display name must match the published pattern
    When I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29, VLAN none and display name "bad/name"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::SubnetDisplayNameBadFormat"
    And the error message contains "expected pattern ^[ a-zA-Z0-9-_.]{0,40}$"

  Scenario: only one subnet per vRack Services during the beta
    Given "vrs1" has a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    When I add to "vrs1" a subnet 10.121.0.0/24 with service range 10.121.0.0/29 and VLAN 10
    Then the request is refused with HTTP 400 and class "Client::BadRequest::SubnetLimitExceeded"
    And the error message contains "Limit of '1' Subnets exceeded"

  @simulator-only
  Scenario Outline: with the limit raised to 5 (the product definition), ranges and VLANs stay unique (<rule>)
    Given the subnet limit per vRack Services is 5
    And "vrs1" has a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN 10
    When I add to "vrs1" a subnet <cidr> with service range <range> and VLAN <vlan>
    Then the request is refused with HTTP 400 and class "<class>"
    And the target spec of "vrs1" is unchanged

    Examples:
      | rule                  | cidr           | range          | vlan | class                                    |
      | the same range twice  | 10.120.0.0/24  | 10.120.0.8/29  | 11   | Client::BadRequest::SubnetCIDROverlap    |
      | VLANs are unique      | 10.121.0.0/24  | 10.121.0.0/29  | 10   | Client::BadRequest::SubnetVLANDuplicated |

    @profile-2024-04
    Examples: only the guide's profile has subnets of different sizes
      | rule                      | cidr           | range          | vlan | class                                 |
      | a /16 holding a /24       | 10.120.0.0/16  | 10.120.8.0/29  | 11   | Client::BadRequest::SubnetCIDROverlap |

  @simulator-only
  Scenario: with the limit raised to 5 (the product definition), the default null VLAN serves one subnet only
    Given the subnet limit per vRack Services is 5
    And "vrs1" has a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    When I add to "vrs1" a subnet 10.121.0.0/24 with service range 10.121.0.0/29 and VLAN none
    Then the request is refused with HTTP 400 and class "Client::BadRequest::SubnetVLANDuplicated"
    And the error message contains "Subnet VLAN 'null' is used by several Subnets"
    And the target spec of "vrs1" is unchanged
    When I add to "vrs1" a subnet 10.121.0.0/24 with service range 10.121.0.0/29 and VLAN 11
    Then the request is accepted with a new checksum

  @simulator-only
  Scenario Outline: the vRack Services product definition's service range rule: /(subnet+1) to /29 (<case>)
    Given the service range rule of the product definition
    When I add to "vrs1" a subnet 10.120.0.0/24 with service range <range> and VLAN none
    Then the request is accepted with a new checksum
    And "vrs1" becomes READY within 30 seconds

    Examples:
      | case                                  | range          |
      | half the subnet, /25                  | 10.120.0.0/25  |
      | a /26, which the guide refuses        | 10.120.0.0/26  |
      | a /29, which both rules accept        | 10.120.0.0/29  |

  @simulator-only
  Scenario Outline: the product definition's service range rule still has bounds (<case>)
    Given the service range rule of the product definition
    When I add to "vrs1" a subnet 10.120.0.0/24 with service range <range> and VLAN none
    Then the request is refused with HTTP 400 and class "Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange"
    And the error message contains "CIDR prefix length is out of range [25, 29]"

    Examples:
      | case                       | range          |
      | the whole subnet, /24      | 10.120.0.0/24  |
      | smaller than /29           | 10.120.0.0/30  |
