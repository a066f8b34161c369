@api @simulator-only
Feature: Cursor pagination of v2 lists
  v2 lists are paginated with X-Pagination-Size and X-Pagination-Cursor; X-Pagination-Cursor-Next
  is present only while more items remain.

  Scenario: listing 7 vRack Services 3 at a time
    Given 7 delivered vRack Services in region "LIM"
    When I list vRack Services 3 per page
    Then I get pages of 3, 3 and 1 items
    And every vRack Services appears exactly once
    And the last page has no next cursor

  Scenario: a forged cursor is refused
    When I list vRack Services with the cursor "garbage"
    Then the request is refused with HTTP 400 and the message "invalid cursor"
