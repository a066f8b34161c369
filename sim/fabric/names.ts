/**
 * Names of everything the fabric creates. Kernel objects are `vl<runid><suffix>` (≤15 bytes) so gc
 * finds them by prefix; containers carry labels; firewall rules carry a comment with the run id.
 */
import { objectName, ownerMarker } from '../core/run-id.ts';
import { LABEL_RUN_ID } from '../core/run-id.ts';
import { invalidInput } from '../core/errors.ts';

/** A bridge on the machine: `vl<runid>b<n>` (n < 10^6, 7-char suffix budget). */
export const bridgeName = (runId: string, index: number): string => objectName(runId, `b${index}`);
/** The machine-side end of a veth: `vl<runid>v<n>`. */
export const vethName = (runId: string, index: number): string => objectName(runId, `v${index}`);

export const containerName = (runId: string, host: string): string => `vl-${runId}-${host}`;
/** Namespace names are not bound by IFNAMSIZ, so the host name is kept whole for readability. */
export const netnsName = (runId: string, host: string): string => `vl${runId}-${host}`;

/** The comment on our firewall rules: gc deletes rules by it. */
export const ruleComment = (runId: string): string => `${LABEL_RUN_ID}=${runId}`;

/** A valid host name: used in container names, hostnames and namespace names. */
export const HOST_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** `name` when it can name a host (it becomes interface, namespace and container names); a clear error naming `what` otherwise. */
export function assertHostName(what: string, name: string): string {
  if (!HOST_NAME_PATTERN.test(name)) throw invalidInput(what, name, 'lowercase letters, digits and dashes, at most 40, starting with a letter or digit');
  return name;
}

/**
 * The `ip -batch` line that marks a machine-side link we just created, before it goes up: its alias
 * is the ownership marker gc requires (names can collide, see run-id.ts), and `addrgenmode none`
 * gives it no IPv6 link-local address, so the machine has no presence on the lab segment.
 */
export const markLinkLine = (name: string, runId: string): string => `link set dev ${name} alias ${ownerMarker(runId)} addrgenmode none`;
