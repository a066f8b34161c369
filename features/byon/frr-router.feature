# @fresh: a kept lab's reset proof compares hosts, not a node's own daemons and configuration (FRR's).
@lab @lab-nodes @fresh
Feature: Bring your own node: an FRR router between two private networks
  A lab file may bring nodes of its own (`nodes:`): a containerlab kind and an image, attached to
  vRack VLANs. Here an FRR router (zebra and staticd, built from Debian's frr package) sits between
  two private networks of one vRack, VLAN 100 (net-a) and VLAN 200 (net-b), as the gateway VM of the
  guide "Communicating between different private networks" does. Two VLANs share no L2 path: host-a
  reaches host-b only if the router routes between them, and the router is driven through vtysh.

  Background:
    Given the lab "byon-frr-router" is up

  Scenario: host-a reaches host-b through the FRR router, and not once FRR takes the route away
    Then FRR on r1 routes 10.0.1.0/24 directly through eth1
    And FRR on r1 routes 10.0.2.0/24 directly through eth2
    And traffic from host-a to 10.0.2.20 leaves through eth0 via 10.0.1.254
    And the first hop from host-a to 10.0.2.20 is 10.0.1.254
    And host-a can ping 10.0.2.20
    When FRR on r1 shuts interface eth2 down
    Then FRR on r1 has no route to 10.0.2.0/24
    And host-a cannot reach 10.0.2.20
    But host-a can ping 10.0.1.254
    When FRR on r1 brings interface eth2 back up
    Then FRR on r1 routes 10.0.2.0/24 directly through eth2
    And host-a can ping 10.0.2.20
