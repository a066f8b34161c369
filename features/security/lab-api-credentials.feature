@security @lab
Feature: A lab's API belongs to the user who started the lab
  A lab's API drives a root process (bridges, namespaces, nfs-ganesha): it accepts only the
  credentials generated for that lab, kept in its 0600 record, never the published dev ones.

  Scenario: the published dev credentials are refused, the lab's own are accepted
    Given the lab "vrack-services" is up
    When I call the lab's API with OAuth2 client "vracklab" and secret "vracklab-secret"
    Then the request is refused with HTTP 401
    When I authenticate with the credentials in the lab's record
    Then I can list vRack Services
