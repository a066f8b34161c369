@security @simulator-only
Feature: Storage API strings never reach the EFS configuration raw
  Share names and descriptions travel from the storage API to nfs-ganesha's configuration. A name
  with a newline used to end a comment line there and add any EXPORT block (security review #1).
  The API refuses such input where it enters, in OVHcloud's error shape, and changes nothing.

  Background:
    Given an Enterprise File Storage "efs-1" in region "LIM"
    And "efs-1" has a share named "data"

  Scenario: a share named with a newline and an EXPORT block is refused (POST)
    When I create on "efs-1" a share named:
      """
      x)
      EXPORT { Export_Id = 999; Path = "/"; Pseudo = "/pwn"; Access_Type = RW; Squash = No_Root_Squash; FSAL { Name = VFS; } }
      #(
      """
    Then the request is refused with HTTP 400 and class "Client::BadRequest"
    And the error message contains "Invalid name"
    And the shares of "efs-1" are named exactly "data"

  Scenario: renaming a share to such a name is refused (PUT) and the share keeps its name
    When I rename the share "data" of "efs-1" to:
      """
      y)
      NFS_CORE_PARAM { NFS_Port = 2050; }
      """
    Then the request is refused with HTTP 400 and class "Client::BadRequest"
    And the shares of "efs-1" are named exactly "data"

  Scenario: a valid name is accepted (positive control)
    When I create on "efs-1" a share named:
      """
      team data 2
      """
    Then the shares of "efs-1" are named exactly "data, team data 2"

  Scenario: the CLI reports the refusal and exits 1
    When I run "vracklab api post" to create on "efs-1" a share named:
      """
      x
      EXPORT { Path = "/"; }
      """
    Then the command exits with code 1 and its error output contains "HTTP 400 Client::BadRequest: Invalid name"
    And the shares of "efs-1" are named exactly "data"
