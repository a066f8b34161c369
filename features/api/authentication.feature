@api @simulator-only
Feature: Authentication
  The simulator accepts the real API's two ways in: OAuth2 client credentials, or application key
  signatures; anything else is refused with an OVH error body {class, message}. The finer error
  classes are the simulator's own choice, not taken from OVHcloud: the published reference names
  none, so "Client::BadRequest::InvalidSignature" below (like InvalidToken and InvalidKey) is
  plausible but unverified against the live API. The decisions are listed in docs/api-simulator.md,
  section "Authentication".

  Scenario: OAuth2 client credentials give a bearer token
    When I authenticate with OAuth2 client "vracklab" and secret "vracklab-secret"
    Then I can list vRack Services
    And the token endpoint issued a bearer token and every API call carried it

  Scenario: application key signatures are checked
    When I call the API signing with application secret "wrong-secret"
    Then the request is refused with HTTP 400 and class "Client::BadRequest::InvalidSignature"
    And the error message contains "Invalid signature"

  Scenario: no credentials, no access
    When I call the API without credentials
    Then the request is refused with HTTP 401 and class "Client::Unauthorized"
    And the error message contains "You must login first"
