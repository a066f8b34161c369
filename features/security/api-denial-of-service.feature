@security @simulator-only
Feature: No request can stall or bloat the simulator
  User-supplied patterns are never compiled as backtracking regular expressions, refusals carry
  OVHcloud's error body, and anonymous requests cannot fill the event journal (security review
  #4, #5).

  Scenario: a catastrophic route-fault pattern is refused when set, and the API keeps answering
    When I inject a route fault with the path "^/(a|a)*$"
    Then the request is refused with HTTP 400 and class "Client::BadRequest"
    And the error message contains "regular expressions are not accepted"
    When an anonymous client requests "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
    Then the API time endpoint answers within 1 s
    And the vRack Services list answers 200

  Scenario: a glob route fault is accepted (positive control)
    When I inject a route fault with the path "/v2/*/resource"
    Then the request is accepted

  Scenario: an over-long path segment is answered with OVH's error body
    When an anonymous client requests a path with a segment of 200 characters
    Then the answer is HTTP 414 with OVH's error body of class "Client::RequestURITooLong"

  Scenario: a URL over the 16 KB header limit is answered with OVH's error body
    When an anonymous client requests a URL of 20000 characters
    Then the answer is HTTP 431 with OVH's error body of class "Client::RequestHeaderFieldsTooLarge"

  Scenario: an unknown route is answered with OVH's error body
    When an anonymous client requests "/no/such/route"
    Then the answer is HTTP 401 with OVH's error body of class "Client::Unauthorized"

  Scenario: anonymous requests with 15 KB URLs are counted, not journaled
    When 300 anonymous requests with URLs of 15000 characters are sent
    Then the journal counts 300 unauthenticated requests and records none of them
    And a page of GET /lab/events is smaller than 512 KB
