@api @simulator-only
Feature: Account limits, vRack limits and regions
  A vRack Services lives in one region; a vRack may hold vRack Services of several regions but one
  per region; an account holds at most 20 vRack Services.

  Scenario: vRack Services in two regions on one vRack
    Given a vRack "pn-xyzzz"
    And a delivered vRack Services "vrs-lim" in region "LIM"
    And a delivered vRack Services "vrs-gra" in region "GRA"
    When I associate "vrs-lim" to the vRack "pn-xyzzz"
    And I associate "vrs-gra" to the vRack "pn-xyzzz"
    Then the vRack "pn-xyzzz" lists "vrs-lim" among its vRack Services
    And the vRack "pn-xyzzz" lists "vrs-gra" among its vRack Services

  Scenario: only one vRack Services per region on a vRack
    Given a vRack "pn-xyzzz"
    And a delivered vRack Services "vrs-a" in region "LIM"
    And a delivered vRack Services "vrs-b" in region "LIM"
    And "vrs-a" is associated to the vRack "pn-xyzzz"
    When I try to associate "vrs-b" to the vRack "pn-xyzzz"
    Then the association is refused with a message containing "LIM"

  Scenario: at most 20 vRack Services per account
    Given 20 delivered vRack Services in region "LIM"
    When I order one more vRack Services in region "LIM"
    Then the order is refused with a message containing "20"

  Scenario: the regions are listed as the profile names them
    Then the reference regions include "LIM"

  @profile-2025-10
  Scenario: the 2025-10 profile names regions as the OpenAPI schema does
    Then the reference regions include "eu-west-lim"
