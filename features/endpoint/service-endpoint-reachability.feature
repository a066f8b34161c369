@lab
Feature: Exposing an Enterprise File Storage on the vRack
  A Service Endpoint puts the managed service on the subnet's vRack VLAN with the IP the API
  allocated. It is reachable from hosts on the same vRack and VLAN — proven by NFS reads and
  writes — and from nowhere else. Every "cannot reach" has a positive control in its scenario:
  the same host reaches its neighbour on its own segment (bm1-peer, bm2-peer, other1-peer), so a
  broken host cannot pass for an isolated one. A probe that could not run at all (no such host,
  no ping) fails the step instead of counting as "cannot reach".

  Background:
    Given the lab "vrack-services" is up

  @demo @dot1q-vm
  Scenario: the share is readable and writable from the same vRack and VLAN, and only there
    When I expose the EFS "efs-lim" on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    Then "vrs-lim" becomes READY within 60 seconds
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.1 described "Nominal"
    And the product status of "vrs-lim" is "ACTIVE"
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv3
    And bm1 writes "from-bm1.txt" to the EFS at 10.120.0.1 and reads it back
    And bm2 can ping 10.120.1.21
    But bm2 cannot reach 10.120.0.1
    And other1 can ping 10.120.1.22
    But other1 cannot reach 10.120.0.1

  @dot1q-vm
  Scenario: on a tagged subnet only the hosts of that VLAN reach the endpoint
    When I expose the EFS "efs-lim" on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN 100
    Then "vrs-lim" becomes READY within 60 seconds
    And bm2 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
    And bm1 can ping 10.120.1.20
    But bm1 cannot reach 10.120.0.1
    And other1 can ping 10.120.1.22
    But other1 cannot reach 10.120.0.1

  Scenario: a subnet created with several Service Endpoints in one request serves them all
    Given an Enterprise File Storage "efs-second" in region "LIM" on the lab
    When I expose the EFS "efs-lim" and "efs-second" on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    Then "vrs-lim" becomes READY within 60 seconds
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.1 described "Nominal"
    And the endpoint of "efs-second" on "vrs-lim" has IP 10.120.0.2 described "Nominal"
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
    And bm1 reads "hello.txt" from the EFS at 10.120.0.2 over NFSv4

  Scenario: the share ACL restricts which vRack hosts may mount it
    Given the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv3
    When the ACL of the share of "efs-lim" only allows 10.120.9.0/24
    Then bm1 can ping 10.120.0.1
    But bm1 is refused reading "hello.txt" from the EFS at 10.120.0.1
    When the ACL of the share of "efs-lim" allows 10.120.0.0/16 again
    Then bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4

  Scenario: a read-only share ACL lets hosts read and refuses their writes
    Given the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    When the ACL of the share of "efs-lim" only allows 10.120.0.0/16, read-only
    Then bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
    But bm1 is refused writing "from-bm1.txt" to the EFS at 10.120.0.1
    When the ACL of the share of "efs-lim" allows 10.120.0.0/16 again
    Then bm1 writes "from-bm1.txt" to the EFS at 10.120.0.1 and reads it back

  Scenario: without the vRack association the endpoint is not on the vRack
    Given the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    When I dissociate "vrs-lim" from the vRack "pn-xyzzz"
    Then the product status of "vrs-lim" is "DRAFT"
    And bm1 can ping 10.120.1.20
    But bm1 cannot reach 10.120.0.1
    When I associate "vrs-lim" to the vRack "pn-xyzzz"
    Then the product status of "vrs-lim" is "ACTIVE"
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4

  Scenario: suspending the vRack Services takes its endpoints off the vRack, resuming brings them back
    Given the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    When the vRack Services "vrs-lim" is suspended
    Then the product status of "vrs-lim" is "SUSPENDED"
    And bm1 can ping 10.120.1.20
    But bm1 cannot reach 10.120.0.1
    When the vRack Services "vrs-lim" is resumed
    Then the product status of "vrs-lim" is "ACTIVE"
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
