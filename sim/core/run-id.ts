/**
 * Every namespace, link, bridge, container and firewall rule a lab creates carries its run id, so
 * teardown and `vracklab gc` find them from the machine's real state rather than from memory.
 * Linux interface names are limited to 15 bytes, so the id is short: 6 base-36 characters.
 */
import { randomBytes } from 'node:crypto';
import { invalidInput } from './errors.ts';

export const RUN_ID_PATTERN = /^[a-z0-9]{6}$/;
/** Prefix of every kernel object name we create; `vl` + run id + a short local suffix. */
export const NAME_PREFIX = 'vl';
/** The Docker label carrying the run id on every container of a lab. */
export const LABEL_RUN_ID = 'vracklab.run-id';
/** The Docker label carrying the lab's name on every container of a lab. */
export const LABEL_LAB = 'vracklab.lab';

/** A fresh run id (6 lowercase letters/digits): every object a lab creates carries it, so teardown and gc find them. */
export function newRunId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(6);
  let id = '';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

export function assertRunId(id: string): string {
  if (!RUN_ID_PATTERN.test(id)) throw invalidInput('run id', id, 'must be 6 lowercase letters or digits');
  return id;
}

/** A kernel object name `vl<runid><suffix>`, at most 15 bytes (IFNAMSIZ - 1). */
export function objectName(runId: string, suffix: string): string {
  const name = `${NAME_PREFIX}${runId}${suffix}`;
  if (name.length > 15) throw invalidInput('interface name', name, 'Linux interface names are at most 15 characters; shorten the suffix');
  return name;
}

/**
 * Machine-side links we create, name grammar in full: bridges `vl<id>b<n>`, veth ends `vl<id>v<n>`,
 * containerlab's veth ends `vl<id>h<h>n<n>`. A prefix match is not enough: `vlan1000` (a standard
 * Debian VLAN interface) starts with `vl` + six base-36 characters.
 */
const LINK_NAME = /^vl([a-z0-9]{6})(?:[bv]\d{1,6}|h\d{1,3}n\d{1,3})$/;
/** Namespaces of the netns driver: `vl<id>-<host>` (host names: HOST_NAME_PATTERN, sim/fabric/names.ts). */
const NETNS_NAME = /^vl([a-z0-9]{6})-[a-z0-9][a-z0-9-]{0,39}$/;

/** The run id of a link name in our full grammar, or undefined if the name is not one we create. */
export function linkRunIdOf(name: string): string | undefined {
  return LINK_NAME.exec(name)?.[1];
}

/** The run id of a namespace name in our full grammar, or undefined. */
export function netnsRunIdOf(name: string): string | undefined {
  return NETNS_NAME.exec(name)?.[1];
}

/** The run id of one of our link or namespace names (full grammar), or undefined if the name is not ours. */
export function runIdOf(name: string): string | undefined {
  return linkRunIdOf(name) ?? netnsRunIdOf(name);
}

/**
 * The ownership marker set on the object itself: the alias of each machine-side link and bridge,
 * and of `lo` inside each namespace. A name can collide; a name plus this marker plus a dead (or our
 * own) lease is what gc requires before it deletes anything.
 */
export function ownerMarker(runId: string): string {
  return `vracklab:${assertRunId(runId)}`;
}

/** The run id an alias claims, if it is one of our markers. */
export function markerRunId(alias: string | undefined): string | undefined {
  return alias === undefined ? undefined : /^vracklab:([a-z0-9]{6})$/.exec(alias)?.[1];
}
