@lab
Feature: Configuration changes without interruption
  Seed 000, "Configuration without interruption": each of these changes is applied while a prober
  runs from bm1 to the exposed EFS; not one probe may be lost.

  Background:
    Given the lab "vrack-services" is up
    And the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    And an ICMP prober from bm1 to 10.120.0.1 every 50 ms

  @demo
  Scenario: updating the display name of the vRack Services
    When I rename "vrs-lim" to "My_vRackServices_updated"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.1 described "Nominal"

  Scenario: creating a subnet
    Given the subnet limit per vRack Services is 5
    When I add to "vrs-lim" a subnet 10.121.0.0/16 with service range 10.121.0.0/29 and VLAN 200
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost

  Scenario: deleting a subnet with no Service Endpoints
    Given the subnet limit per vRack Services is 5
    And "vrs-lim" has a subnet 10.121.0.0/16 with service range 10.121.0.0/29 and VLAN 200
    When I delete the subnet 10.121.0.0/16 of "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost

  Scenario: updating the display name of a subnet
    When I rename the subnet 10.120.0.0/16 of "vrs-lim" to "storage-net"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost

  Scenario: creating another Service Endpoint on the subnet
    Given an Enterprise File Storage "efs-second" in region "LIM" on the lab
    When I add a Service Endpoint for "efs-second" to the subnet 10.120.0.0/16 of "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And the endpoint of "efs-second" on "vrs-lim" has IP 10.120.0.2 described "Nominal"
    And bm1 can ping 10.120.0.2

  Scenario: the share stays mountable and readable while the vRack Services is renamed (NFS probes)
    Given an NFS prober from bm1 to the EFS at 10.120.0.1 every 200 ms
    When I rename "vrs-lim" to "renamed-under-load"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
