@lab
Feature: Managed services of several regions on one vRack
  A vRack Services lives in one region; several of them, one per region, can be associated with
  the same vRack, so the hosts on that vRack reach managed services of every region. Here both
  VLANs carry the same IP subnet: each client reads its own region's EFS, and cannot reach the
  other's, which only VLAN isolation prevents.

  Background:
    Given the lab "two-regions" is up

  @dot1q-vm
  Scenario: each region's EFS is served on its own VLAN of the shared vRack
    Then "vrs-lim" becomes READY within 60 seconds
    And "vrs-gra" becomes READY within 60 seconds
    And the vRack "pn-multi" lists "vrs-lim" among its vRack Services
    And the vRack "pn-multi" lists "vrs-gra" among its vRack Services
    And the endpoint of "efs-lim" on "vrs-lim" has IP 10.10.0.1 described "Nominal"
    And the endpoint of "efs-gra" on "vrs-gra" has IP 10.10.0.8 described "Nominal"
    And client-lim reads "readme.txt" from the EFS at 10.10.0.1 over NFSv4
    And client-gra reads "readme.txt" from the EFS at 10.10.0.8 over NFSv4
    But client-lim cannot reach 10.10.0.8
    And client-gra cannot reach 10.10.0.1

  Scenario: a second vRack Services of an already present region cannot join the vRack
    Given a delivered vRack Services "vrs-lim-2" in region "LIM"
    When I try to associate "vrs-lim-2" to the vRack "pn-multi"
    Then the association is refused with a message containing "LIM"
