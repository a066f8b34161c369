@api
Feature: Account limits, vRack limits and regions
  A vRack Services lives in one region; a vRack may hold vRack Services of several regions but one
  per region (the guide "Exposing a managed service"), and at most 20 (the vRack Services product definition); an account holds at most 20 vRack Services.

  @simulator-only
  Scenario: vRack Services in two regions on one vRack
    Given a vRack "pn-xyzzz"
    And a delivered vRack Services "vrs-lim" in region "LIM"
    And a delivered vRack Services "vrs-gra" in region "GRA"
    When I associate "vrs-lim" to the vRack "pn-xyzzz"
    And I associate "vrs-gra" to the vRack "pn-xyzzz"
    Then the vRack "pn-xyzzz" lists "vrs-lim" among its vRack Services
    And the vRack "pn-xyzzz" lists "vrs-gra" among its vRack Services

  @simulator-only
  Scenario: only one vRack Services per region on a vRack
    Given a vRack "pn-xyzzz"
    And a delivered vRack Services "vrs-a" in region "LIM"
    And a delivered vRack Services "vrs-b" in region "LIM"
    And "vrs-a" is associated to the vRack "pn-xyzzz"
    When I try to associate "vrs-b" to the vRack "pn-xyzzz"
    Then the association is refused with a message containing "only one vRack Services per region per vRack"

  @simulator-only
  Scenario: at most 20 vRack Services per account
    Given 20 delivered vRack Services in region "LIM"
    When I order one more vRack Services in region "LIM"
    Then the order is refused with a message containing "Limit of '20' vRack Services per account exceeded"

  # Five regions and one vRack Services per region cap a vRack at 5: the lab relaxes the per-region
  # rule (and the account limit, for a 21st) so that the per-vRack limit of the product definition can be reached.
  @simulator-only
  Scenario: at most 20 vRack Services on one vRack (the product definition): the 20th is accepted, the 21st refused
    Given a vRack "pn-xyzzz"
    And the lab allows 25 vRack Services per account and 5 per region on one vRack
    And 21 delivered vRack Services spread over the regions
    When I associate the first 20 of them to the vRack "pn-xyzzz"
    Then the vRack "pn-xyzzz" lists 20 vRack Services
    When I try to associate the 21st of them to the vRack "pn-xyzzz"
    Then the association is refused with a message containing "Limit of '20' vRack Services per vRack exceeded"
    And the vRack "pn-xyzzz" lists 20 vRack Services

  Scenario Outline: the regions are listed as the profile names them (<source>)
    Then the reference regions include "<region>"

    @profile-2024-04
    Examples: the guide "Exposing a managed service"
      | source    | region |
      | the guide | LIM    |

    @profile-2025-10
    Examples: the OpenAPI schema
      | source             | region      |
      | the OpenAPI schema | eu-west-lim |
