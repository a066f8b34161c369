@lab
Feature: Managed Kubernetes between private networks
  The guide "Communicating between different private networks": Kubernetes nodes have eth0 on the public network (default route) and eth1 on a private
  network. A pod reaching a VM in another private network leaves through eth0 and fails. Two
  documented fixes: DHCP host routes via a gateway VM, or privateNetworkRoutingAsDefault with a
  defaultVrackGateway. Emulations: the lab has no DHCP server (the "DHCP host routes" are the
  routes a DHCP client would install, set with `ip route` in each host) and no MKS API (the
  routing-as-default switch changes the nodes' default route). hostNetwork pods run in their
  node's network namespace, as in Kubernetes.

  Background:
    Given the lab "mks-private-networks" is up

  @demo @dot1q-vm
  Scenario: a pod cannot reach a VM in another private network: its traffic leaves through eth0
    Then traffic from node1 to 10.0.2.142 leaves through eth0
    And pod1 can ping pod3
    But pod1 cannot reach 10.0.2.142
    And node1 can ping 10.0.1.1

  @demo @dot1q-vm
  Scenario: DHCP host routes through the gateway VM fix it
    When I enable the DHCP host routes of "priv-net-01" and "priv-net-02"
    Then traffic from node1 to 10.0.2.142 leaves through eth1 via 10.0.1.1
    And pod1 can ping 10.0.2.142
    And the hostNetwork pod hostpod1 can ping 10.0.2.142
    And vm1 sees pod1's traffic coming from 10.0.2.1

  Scenario: privateNetworkRoutingAsDefault with a defaultVrackGateway fixes it
    When I set privateNetworkRoutingAsDefault on cluster "mks1" with defaultVrackGateway 10.0.1.1
    Then traffic from node1 to 10.0.2.142 leaves through eth1 via 10.0.1.1
    And pod2 can ping 10.0.2.142
    And the hostNetwork pod hostpod2 can ping 10.0.2.142

  Scenario: pods reach each other across nodes through the private network
    Then pod1 can ping pod3
    And traffic from node1 to 10.0.1.0/24 leaves through eth1

  Scenario: turning the host routes off again brings the failure back
    Given the DHCP host routes of "priv-net-01" and "priv-net-02" are enabled
    And traffic from node1 to 10.0.2.142 leaves through eth1 via 10.0.1.1
    And pod1 can ping 10.0.2.142
    When I disable the DHCP host routes of "priv-net-01" and "priv-net-02"
    Then traffic from node1 to 10.0.2.142 leaves through eth0
    And pod1 can ping pod3
    But pod1 cannot reach 10.0.2.142
