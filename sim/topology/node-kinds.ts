/**
 * What vracklab knows of containerlab's node kinds (the lab schema's `kind` enum is containerlab's
 * own, kept equal to the vendored clab.schema.json by lab-nodes.test.ts).
 */

/** Kinds that are not a container of an image: a bridge, the machine itself, a container made elsewhere. */
export const IMAGELESS_KINDS: readonly string[] = ['bridge', 'ovs-bridge', 'host', 'ext-container'];

/**
 * The kind whose interfaces vracklab addresses itself (`ip addr add`, before the node's exec): a
 * plain Linux container. Other kinds (network OSes) set their addresses from their own config;
 * vracklab still reserves the attachment's address so no host takes it.
 */
export const LINUX_KIND = 'linux';

/** Default interface names of a node: eth1, eth2, … (containerlab keeps eth0 for management). */
export function defaultNodeIfname(index: number): string {
  return `eth${index + 1}`;
}
