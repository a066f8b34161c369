@lab
Feature: The orders share on our vRack
  The EFS "efs-orders" is exposed to the web VLAN (30) through the vRack Services "vrs-orders".
  Every scenario starts the lab topologies/orders-lab.lab.yml and tears it down afterwards.

  Background:
    Given the lab "orders-lab" is up
    And the EFS "efs-orders" exposed on "vrs-orders" through subnet 10.60.0.0/16 with service range 10.60.0.0/29 and VLAN 30

  Scenario: the web servers read the share; the batch VLAN does not reach it
    Then web1 reads "orders.csv" from the EFS at 10.60.0.1 over NFSv4
    And web2 writes "from-web2.txt" to the EFS at 10.60.0.1 and reads it back
    # A positive control first: the worker reaches its own VLAN, so its "cannot reach" means isolation.
    And worker1 can ping 10.60.1.20
    But worker1 cannot reach 10.60.0.1

  Scenario: renaming the vRack Services does not interrupt the share (a seamless change)
    Given an ICMP prober from web1 to 10.60.0.1 every 50 ms
    When I rename "vrs-orders" to "Orders_storage_v2"
    Then "vrs-orders" becomes READY within 60 seconds
    And no probe was lost
    And the current state of "vrs-orders" shows the display name "Orders_storage_v2"

  Scenario: moving the subnet to the batch VLAN hands the share to the Kubernetes worker (a disruptive change)
    Given an ICMP prober from web1 to 10.60.0.1 every 50 ms
    And an ICMP prober from worker1 to 10.60.0.1 every 50 ms
    When I change the VLAN of the subnet 10.60.0.0/16 of "vrs-orders" to 40
    Then "vrs-orders" becomes READY within 60 seconds
    And the service moved from the hosts of web1 to those of worker1, interrupted for about the configured cut
    And worker1 reads "orders.csv" from the EFS at 10.60.0.1 over NFSv4
    But web1 cannot reach 10.60.0.1
