@lab
Feature: Configuration changes that interrupt the service
  The guide "Exposing a managed service", "Non-transparent configuration actions": the subnet is deleted and created again, the
  managed service's IPs are re-elected. A prober from the client measures the interruption: it
  exists, and it lasts about as long as the cut the lab emulates (the scenarios configure 1 s):
  at least the cut less one probe interval, at most the cut plus a measured tolerance for the
  detach, the attach and ARP (see docs/efs-and-probes.md, "Interruptions").

  Background:
    Given the lab "vrack-services" is up
    And the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none
    And an ICMP prober from bm1 to 10.120.0.1 every 50 ms

  @demo
  Scenario: changing the service range moves the endpoint
    # 10.120.0.8/29 holds neither the subnet's network nor its broadcast address: all of .8–.11 are
    # allocatable (the 4 highest, .12–.15, are reserved), so the first endpoint gets .8.
    Given an ICMP prober from bm1 to 10.120.0.8 every 50 ms
    When I change the service range of the subnet 10.120.0.0/16 of "vrs-lim" to 10.120.0.8/29
    Then "vrs-lim" becomes READY within 60 seconds
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.8 described "Nominal"
    And the subnet 10.120.0.0/16 of "vrs-lim" shows 1 used, 3 remaining and 4 reserved IPs
    And the service moved from 10.120.0.1 to 10.120.0.8, interrupted for about the configured cut
    And bm1 reads "hello.txt" from the EFS at 10.120.0.8 over NFSv4
    And bm1 cannot reach 10.120.0.1

  @dot1q-vm
  Scenario: changing the VLAN moves the endpoint to the hosts of the new VLAN
    # bm2 sits on VLAN 100: it cannot see the endpoint before the change, and sees it after the cut.
    Given an ICMP prober from bm2 to 10.120.0.1 every 50 ms
    When I change the VLAN of the subnet 10.120.0.0/16 of "vrs-lim" to 100
    Then "vrs-lim" becomes READY within 60 seconds
    And the service moved from the hosts of bm1 to those of bm2, interrupted for about the configured cut
    And bm2 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
    And bm1 cannot reach 10.120.0.1

  Scenario: changing the subnet CIDR re-elects the endpoint's IP
    When I change the subnet 10.120.0.0/16 of "vrs-lim" to 10.120.0.0/20 with service range 10.120.0.0/29
    Then "vrs-lim" becomes READY within 60 seconds
    And the prober saw an interruption of about the configured cut
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.1 described "Nominal"
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4

  Scenario: every managed service of the subnet is cut, not only the first
    Given an Enterprise File Storage "efs-second" in region "LIM" on the lab
    And "vrs-lim" exposes "efs-second" on the subnet 10.120.0.0/16
    And an ICMP prober from bm1 to 10.120.0.2 every 50 ms
    When I change the subnet 10.120.0.0/16 of "vrs-lim" to 10.120.0.0/20 with service range 10.120.0.0/29
    Then "vrs-lim" becomes READY within 60 seconds
    And every prober saw an interruption of about the configured cut
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.1 described "Nominal"
    And the endpoint of "efs-second" on "vrs-lim" has IP 10.120.0.2 described "Nominal"

  Scenario: deleting a subnet with Service Endpoints deletes them
    When I delete the subnet 10.120.0.0/16 of "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And the prober saw an interruption that has not recovered
    And the product status of "vrs-lim" is "DRAFT"

  Scenario: deleting a Service Endpoint
    When I remove every Service Endpoint from "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And the prober saw an interruption that has not recovered
    And bm1 cannot reach 10.120.0.1

  Scenario: deleting one of two Service Endpoints: the survivor is re-elected and both are cut
    # The guide "Exposing a managed service": deleting an endpoint re-elects the IPs of the others ("may change"). efs-second
    # held .2; re-elected, it takes .1, the first address of the range, which efs-lim held.
    Given an Enterprise File Storage "efs-second" in region "LIM" on the lab
    And "vrs-lim" exposes "efs-second" on the subnet 10.120.0.0/16
    And an ICMP prober from bm1 to 10.120.0.2 every 50 ms
    When I remove the Service Endpoint of "efs-lim" from "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And the endpoint of "efs-second" on "vrs-lim" has IP 10.120.0.1 described "Nominal"
    And the service moved from 10.120.0.2 to 10.120.0.1, interrupted for about the configured cut
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
    And bm1 cannot reach 10.120.0.2

  Scenario: deleting and re-creating the endpoint: down, then up again at a re-elected IP
    When I remove every Service Endpoint from "vrs-lim"
    And "vrs-lim" becomes READY within 60 seconds
    And I add a Service Endpoint for "efs-lim" to the subnet 10.120.0.0/16 of "vrs-lim"
    Then "vrs-lim" becomes READY within 60 seconds
    And the prober saw an interruption from the removal of the endpoint until it was attached again
    And bm1 reads "hello.txt" from the EFS at 10.120.0.1 over NFSv4
