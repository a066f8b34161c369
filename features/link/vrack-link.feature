@lab
Feature: A host's vRack link: pulled out, delayed, lossy, tagged
  What a scenario can do to one host's vRack link, and how the probers see it. A link down pulls
  the cable at the host's bridge port for a while (any kernel). Delay and loss are netem on the
  host's vRack NIC: they need the kernel's sch_netem and are refused, naming it, where it is
  missing (they run in the dot1q VM layer). On a vRack a host on a VLAN sends tagged frames: in the
  dot1q VLAN mode its bridge port is a trunk, and a capture there shows the 802.1Q tag.

  Background:
    Given the lab "vrack-services" is up

  @dot1q-vm
  Scenario: a link down for 2 seconds interrupts the host for about as long
    Given an ICMP prober from bm1 to 10.120.1.20 every 50 ms
    When the link of bm1 is down for 2 seconds
    Then the prober saw an interruption of about the link-down time
    And bm1 can ping 10.120.1.20

  @dot1q-vm @needs-netem
  Scenario: a delay on the vRack link shows in every round trip, a loss in the share of lost probes
    When bm1's vRack link has 100 ms delay
    And an ICMP prober from bm1 to 10.120.1.20 every 100 ms
    Then over 20 probes every round trip took at least 100 ms
    When bm1's vRack link loses 20 % of packets
    And an ICMP prober from bm1 to 10.120.1.20 every 50 ms
    Then over 200 probes the prober lost 8–35 % of them

  @dot1q-vm @needs-dot1q
  Scenario: frames of a host on VLAN 100 carry the 802.1Q tag 100 on its trunk
    Then a frame from bm2 carries VLAN 100 on its vRack bridge port
    And a frame from bm1 carries no VLAN tag on its vRack bridge port
    And bm2 can ping 10.120.1.21
