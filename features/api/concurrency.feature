@api
Feature: Checksum concurrency and locking
  The checksum protects against lost updates: a PUT carrying a stale checksum is refused with 412;
  while a vRack Services is not READY, a new target spec is refused with 423.

  Background:
    Given a delivered vRack Services "vrs1" in region "LIM"

  Scenario: a stale checksum is refused
    Given "vrs1" has a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    When I update "vrs1" with the checksum it had before that change
    Then the request is refused with HTTP 412 and class "Client::PreconditionFailed::ChecksumMismatch"
    And the error message contains "it may have been updated"

  Scenario: a malformed checksum is refused
    When I update "vrs1" with the checksum "not-an-md5"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::ChecksumBadFormat"

  @simulator-only
  Scenario: a vRack Services is locked while it updates
    Given tasks take 3 seconds
    When I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    And I immediately add to "vrs1" a subnet 10.121.0.0/24 with service range 10.121.0.0/29 and VLAN none
    Then the request is refused with HTTP 423 and class "Client::Locked::VrackServicesLocked"

  @simulator-only
  Scenario: twenty parallel updates with the same checksum: exactly one wins
    When 20 clients update "vrs1" at once with the same checksum
    Then exactly 1 update is accepted
    And the 19 others are refused with HTTP 412 or 423

  Scenario: read-only fields are not accepted in a target spec
    When I update "vrs1" with a subnet carrying the read-only field "remainingIps"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::InvalidJSON"
    And the error message contains "remainingIps"
