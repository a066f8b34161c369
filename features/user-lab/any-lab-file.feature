@lab @user-lab
Feature: The steps work on a lab file of the user's own
  The step library takes every host, network, vRack Services, EFS and share from the lab file the
  scenario names, by its path: features/fixtures/acme-shop.lab.yml has none of the reference labs'
  names (a till on the untagged shop floor, batch servers on VLAN 42, a media store in GRA).

  Background:
    Given the lab "features/fixtures/acme-shop.lab.yml" is up
    And the EFS "media-store" exposed on "shop-vrs" through subnet 10.42.0.0/16 with service range 10.42.0.16/29 and VLAN none

  Scenario: the till reads the media store; the back office, on another VLAN, cannot reach it
    Then till reads "price-list.csv" from the EFS at 10.42.0.16 over NFSv4
    And till writes "order-1.txt" to the EFS at 10.42.0.16 and reads it back
    And batch can ping 10.42.7.21
    But batch cannot reach 10.42.0.16

  Scenario: renaming the vRack Services loses no probe
    Given an ICMP prober from till to 10.42.0.16 every 20 ms
    And an NFS prober from till to the EFS at 10.42.0.16 every 250 ms
    When I rename "shop-vrs" to "Shop_renamed"
    Then "shop-vrs" becomes READY within 60 seconds
    And no probe was lost
    And no endpoint left the vRack during the change
    And the current state of "shop-vrs" shows the display name "Shop_renamed"

  Scenario: moving the subnet to VLAN 42 moves the media store to the back office
    Given an ICMP prober from till to 10.42.0.16 every 50 ms
    And an ICMP prober from batch to 10.42.0.16 every 50 ms
    When I change the VLAN of the subnet 10.42.0.0/16 of "shop-vrs" to 42
    Then "shop-vrs" becomes READY within 60 seconds
    And the service moved from the hosts of till to those of batch, interrupted for about the configured cut
    And batch reads "price-list.csv" from the EFS at 10.42.0.16 over NFSv4
    And till cannot reach 10.42.0.16
