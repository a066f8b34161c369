@lab
Feature: Paths after the routing fixes
  The guide "Communicating between different private networks": "communication between nodes and master, and admin traffic still passes by eth0". Each
  fix of reference §5 (DHCP host routes via the gateway VM, or privateNetworkRoutingAsDefault with a
  defaultVrackGateway) must keep it so. The VM reaches the nodes back through the gateway VM
  (the tutorial's NodePort check), and switching privateNetworkRoutingAsDefault off again puts the
  default route back on eth0. The control plane is the lab's public-side address (192.0.2.10),
  reached through the public gateway 198.51.100.1.

  Background:
    Given the lab "mks-private-networks" is up

  Scenario: with the DHCP host routes, control-plane traffic still leaves through eth0
    When I enable the DHCP host routes of "priv-net-01" and "priv-net-02"
    Then traffic from node1 to 10.0.2.142 leaves through eth1 via 10.0.1.1
    And traffic from node1 to the control plane leaves through eth0 via 198.51.100.1
    And node1 can ping the control plane

  Scenario: with privateNetworkRoutingAsDefault, control-plane traffic still leaves through eth0
    When I set privateNetworkRoutingAsDefault on cluster "mks1" with defaultVrackGateway 10.0.1.1
    Then traffic from node2 to 203.0.113.7 leaves through eth1 via 10.0.1.1
    And traffic from node2 to the control plane leaves through eth0 via 198.51.100.1
    And node2 can ping the control plane

  Scenario: the reverse path: vm1 reaches a node through the gateway VM once the host routes are on
    Then vm1 has no route to 10.0.1.146
    When I enable the DHCP host routes of "priv-net-01" and "priv-net-02"
    Then traffic from vm1 to 10.0.1.146 leaves through eth0 via 10.0.2.1
    And vm1 can ping 10.0.1.146
    And node1 sees vm1's pings to 10.0.1.146 coming from 10.0.1.1

  Scenario: switching privateNetworkRoutingAsDefault off again brings the default route back to eth0
    When I set privateNetworkRoutingAsDefault on cluster "mks1" with defaultVrackGateway 10.0.1.1
    Then pod2 can ping 10.0.2.142
    When I switch privateNetworkRoutingAsDefault off on cluster "mks1"
    Then traffic from node2 to 10.0.2.142 leaves through eth0 via 198.51.100.1
    And pod2 cannot reach 10.0.2.142
    And node2 can ping the control plane
