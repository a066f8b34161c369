@api
Feature: Asynchronous tasks
  An accepted PUT returns the new target spec and checksum with a PENDING task; the task runs
  (PENDING → RUNNING → DONE or ERROR), is visible in currentTasks and on the task routes, and the
  resource is READY again once current state matches the target spec. After an ERROR the current
  configuration stays active and modifications are refused until support acts.

  Background:
    Given a delivered vRack Services "vrs1" in region "LIM"

  Scenario: an update goes through PENDING, RUNNING and DONE
    When I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    Then the response shows resource status "UPDATING" and a "PENDING" task of type "VrackServicesUpdate"
    And "vrs1" becomes READY within 30 seconds
    And the task went through PENDING, RUNNING and DONE
    And the task list of "vrs1" contains that task

  Scenario: an unknown task id is answered as published
    When I get the task "00000000-0000-0000-0000-000000000000" of "vrs1"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::VrackServicesNotFound"

  @simulator-only
  Scenario: an injected task failure leaves the resource in ERROR with the current state unchanged
    Given the next 1 task fails
    When I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    Then "vrs1" ends in resource status "ERROR" within 30 seconds
    And the task of "vrs1" shows an error message
    And the current state of "vrs1" has no subnet
    And the target spec of "vrs1" keeps the failed subnet 10.120.0.0/24

  @simulator-only
  Scenario: after a task ends in ERROR, even undoing the change is refused until support recovers
    Given the next 1 task fails
    And I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    And "vrs1" ends in resource status "ERROR" within 30 seconds
    When I try to delete the subnet 10.120.0.0/24 of "vrs1"
    Then the request is refused with HTTP 423 and class "Client::Locked::VrackServicesLocked"
    And the target spec of "vrs1" is unchanged
    When support recovers "vrs1" from its error
    Then "vrs1" has resource status "READY"
    When I add to "vrs1" a subnet 10.121.0.0/24 with service range 10.121.0.0/29 and VLAN none
    Then the request is accepted with a new checksum
    And "vrs1" becomes READY within 30 seconds

  @simulator-only
  Scenario: a vRack Services that is being delivered is locked
    Given a vRack Services "vrs-new" in region "GRA" that is still being delivered
    Then "vrs-new" has resource status "CREATING"
    When I add to "vrs-new" a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none
    Then the request is refused with HTTP 423 and class "Client::Locked::VrackServicesLocked"
