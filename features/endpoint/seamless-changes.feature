@lab
Feature: Configuration changes without interruption
  The guide "Exposing a managed service", "Configuration without interruption": each of these changes is applied while probers
  run from bm1 to the exposed EFS, on the paths the change could break: the endpoint's address
  (ICMP every 20 ms: a detach and re-attach without a cut costs 20–110 ms, measured) and its NFS
  data path (mount, list, unmount every 250 ms). Not one probe may be lost, every prober must
  have probed from before the request until after READY, no endpoint may have left the vRack (the
  lab's data-plane journal), and the change must be visible in the current state afterwards.

  Background:
    Given the lab "vrack-services" is up
    And the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    And an ICMP prober from bm1 to 10.120.0.1 every 20 ms
    And an NFS prober from bm1 to the EFS at 10.120.0.1 every 250 ms

  @demo
  Scenario: updating the display name of the vRack Services
    When I rename "vrs-lim" to "My_vRackServices_updated"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And no endpoint left the vRack during the change
    And the current state of "vrs-lim" shows the display name "My_vRackServices_updated"
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.1 described "Nominal"

  Scenario: creating a subnet
    Given the subnet limit per vRack Services is 5
    When I create on "vrs-lim" the subnet 10.121.0.0/16 with service range 10.121.0.0/29 and VLAN 200
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And no endpoint left the vRack during the change
    And the current state of "vrs-lim" has the subnet 10.121.0.0/16 on VLAN 200

  Scenario: deleting a subnet with no Service Endpoints
    Given the subnet limit per vRack Services is 5
    And "vrs-lim" has a subnet 10.121.0.0/16 with service range 10.121.0.0/29 and VLAN 200
    When I delete the subnet 10.121.0.0/16 of "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And no endpoint left the vRack during the change
    And the current state of "vrs-lim" has no subnet 10.121.0.0/16
    And the current state of "vrs-lim" has the subnet 10.120.0.0/16 on VLAN none

  Scenario: updating the display name of a subnet
    When I rename the subnet 10.120.0.0/16 of "vrs-lim" to "storage-net"
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And no endpoint left the vRack during the change
    And the current state of "vrs-lim" has the subnet 10.120.0.0/16 named "storage-net"

  Scenario: creating another Service Endpoint on the subnet
    # The new endpoint joins the probed endpoint's subnet and VLAN: an attach that took the wrong
    # address, or disturbed the segment, would cost the probes to 10.120.0.1.
    Given an Enterprise File Storage "efs-second" in region "LIM" on the lab
    When I add a Service Endpoint for "efs-second" to the subnet 10.120.0.0/16 of "vrs-lim", which must be accepted
    Then "vrs-lim" becomes READY within 60 seconds
    And no probe was lost
    And no endpoint left the vRack during the change
    And the endpoint of "efs-second" on "vrs-lim" has IP 10.120.0.2 described "Nominal"
    And bm1 reads "hello.txt" from the EFS at 10.120.0.2 over NFSv4
