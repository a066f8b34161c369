/**
 * Renders the nfs-ganesha configuration of one EFS (storageNetApp) service: one EXPORT per share,
 * one CLIENT block per ACL. Pure: the same view gives the same text, so reloads are diffable and
 * the text is unit-tested.
 *
 * Decisions (measured with nfs-ganesha 4.3 on Debian 12):
 * - `Access_Type = None` on the export: a host no ACL matches is refused (NFSv3 mount gets
 *   MNT3ERR_ACCES, NFSv4 sees NFS4ERR_NOENT because the pseudo path is hidden from it).
 * - `mount_path_pseudo = true`: NFSv3 clients mount the same path as NFSv4 (the share's exportPath),
 *   as a NetApp does, instead of the server's directory.
 * - NLM and RQUOTA are off: they need rpc.statd/rquotad, which an EFS image does not run; NFSv3
 *   itself only needs rpcbind (without it ganesha exits with "Cannot register NFS V3 on UDP").
 * - Kerberos is off: there is no keytab, and ganesha logs CRIT lines for it otherwise.
 * - CLIENT blocks are ordered most specific first (longest prefix), because ganesha applies the
 *   first matching block and an ACL list has no order of its own.
 */
import { invalidInput } from '../../core/errors.ts';
import { ACCESS_TO_RULE, parseAccessTo } from '../../api/rules/acl-rule.ts';
import type { ShareAclView, ShareView, StorageServiceView } from '../../api/data-plane.ts';

export interface GaneshaConfigOptions {
  /** Directory inside the EFS host under which each share's data lives (`<exportRoot>/<share id>`). */
  exportRoot: string;
  /**
   * Export ids already given to shares. Ganesha matches exports across a reload by Export_Id, so a
   * share must keep its id for its whole life; shares not in the map get the lowest free ids.
   */
  exportIds?: ReadonlyMap<string, number>;
  /** Where NFSv4 client recovery records go; default: ganesha's own (/var/lib/nfs/ganesha). */
  recoveryRoot?: string;
  /** NFSv4 lease in seconds (default 10: clients notice a reboot quickly and tests do not wait). */
  leaseLifetimeS?: number;
  /**
   * ACLs whose clients keep uid 0 (`Squash = No_Root_Squash` in their CLIENT block), by share name
   * and accessTo. Every other client is root-squashed, the NetApp export-policy default
   * (lab file: `rootSquash: false` on an ACL; docs/lab-files.md).
   */
  noRootSquash?: readonly { share: string; accessTo: string }[];
}

export const NFS_PORT = 2049;
/** What a root-squashed client is mapped to (nobody/nogroup); the EFS server gives share directories to it. */
export const ANONYMOUS_ID = 65534;
/** Fixed MOUNT protocol port so NFSv3 traffic is predictable (20048, as Linux mountd); the EFS server waits on it. */
export const DEFAULT_MOUNT_PORT = 20048;
const MAX_EXPORT_ID = 65535;
// Characters allowed in paths and ids written into the config: nothing that could close a string or block.
const SAFE_PATH = /^\/[A-Za-z0-9_.\-/]*$/;
const SAFE_ID = /^[A-Za-z0-9_.-]+$/;
/** A URN in a comment line: no space, quote, brace or line break. */
const SAFE_URN = /^[A-Za-z0-9:_.-]+$/;
/**
 * Share names are never written into the config (free text from the API); they are still checked
 * here, so a name the API boundary let through by mistake is a refusal, not a silent oddity.
 */
const SAFE_SHARE_NAME = /^[A-Za-z0-9 _.-]{0,255}$/;

/** Gives every share an Export_Id, keeping the ids of shares already known. */
export function assignExportIds(shares: readonly Pick<ShareView, 'id'>[], previous: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const ids = new Map<string, number>();
  const used = new Set<number>();
  for (const share of shares) {
    const id = previous.get(share.id);
    if (id !== undefined) {
      ids.set(share.id, id);
      used.add(id);
    }
  }
  let next = 1;
  for (const share of shares) {
    if (ids.has(share.id)) continue;
    while (used.has(next)) next++;
    if (next > MAX_EXPORT_ID) throw invalidInput('share count', shares.length, `nfs-ganesha export ids stop at ${MAX_EXPORT_ID}`);
    ids.set(share.id, next);
    used.add(next);
  }
  return ids;
}

/**
 * `10.0.0.0/16` or `10.0.0.5` → the prefix length (32 for a single address); throws on anything
 * else. The simulator's own ACL rule (api/rules/acl-rule.ts), checked again here because the value
 * is written unquoted into the configuration file: nothing but digits, dots and one slash gets in.
 */
export function aclPrefixLength(accessTo: string): number {
  const acl = parseAccessTo(accessTo);
  if (!acl) throw invalidInput('ACL accessTo', accessTo, `must be ${ACCESS_TO_RULE} such as 10.120.0.0/16 or 10.120.0.5`);
  return acl.prefix;
}

function quoted(value: string): string {
  return `"${value}"`;
}

function clientBlock(acl: ShareAclView, keepRoot: boolean): string {
  if (!SAFE_ID.test(acl.id)) throw invalidInput('ACL id', acl.id, 'must use only letters, digits, "_", "." and "-"');
  const access = acl.accessLevel === 'rw' ? 'RW' : acl.accessLevel === 'ro' ? 'RO' : undefined;
  if (!access) throw invalidInput(`ACL ${acl.id} accessLevel`, acl.accessLevel, 'must be ro or rw', ['ro', 'rw']);
  // Unquoted: ganesha 4.3 refuses a quoted client ("Expected a client, got a double quoted string")
  // and then silently drops the whole export; aclPrefixLength() has validated the value.
  const squash = keepRoot ? [`        Squash = No_Root_Squash;`] : [];
  return [`    CLIENT {`, `        # ACL ${acl.id}`, `        Clients = ${acl.accessTo};`, `        Access_Type = ${access};`, ...squash, `    }`].join('\n');
}

function exportBlock(share: ShareView, exportId: number, exportRoot: string, noRootSquash: GaneshaConfigOptions['noRootSquash'] = []): string {
  if (!SAFE_ID.test(share.id)) throw invalidInput('share id', share.id, 'must use only letters, digits, "_", "." and "-"');
  if (typeof share.name !== 'string' || !SAFE_SHARE_NAME.test(share.name)) {
    throw invalidInput(`share ${share.id} name`, share.name, 'at most 255 letters, digits, spaces, "_", "." and "-" (nfs-ganesha is not configured from anything else)');
  }
  if (!Number.isInteger(exportId) || exportId < 1 || exportId > MAX_EXPORT_ID) throw invalidInput(`share ${share.id} Export_Id`, exportId, `an integer 1–${MAX_EXPORT_ID}`);
  if (!SAFE_PATH.test(share.exportPath) || share.exportPath === '/') {
    throw invalidInput(`share ${share.id} exportPath`, share.exportPath, 'must be an absolute path below / using only letters, digits, "_", ".", "-" and "/"');
  }
  const acls = share.acls
    .map((acl, index) => ({ acl, index, prefix: aclPrefixLength(acl.accessTo) }))
    .sort((a, b) => b.prefix - a.prefix || a.index - b.index)
    .map(({ acl }) => clientBlock(acl, noRootSquash.some((r) => r.share === share.name && r.accessTo === acl.accessTo)));
  return [
    // The id only: the name is free text from the API, and a line break in it would end the comment.
    `# share ${share.id}`,
    `EXPORT {`,
    `    Export_Id = ${exportId};`,
    `    Path = ${quoted(`${exportRoot}/${share.id}`)};`,
    `    Pseudo = ${quoted(share.exportPath)};`,
    `    Protocols = 3, 4;`,
    `    Transports = TCP;`,
    `    SecType = sys;`,
    // Root of any client becomes the anonymous user, as a NetApp export policy does by default;
    // a CLIENT block may keep root (noRootSquash).
    `    Squash = Root_Squash;`,
    // Ganesha's default anonymous id is -2 (4294967294 as a uid); nobody/nogroup is the owner of the share directory.
    `    Anonymous_Uid = ${ANONYMOUS_ID};`,
    `    Anonymous_Gid = ${ANONYMOUS_ID};`,
    `    # Hosts no ACL matches are refused.`,
    `    Access_Type = None;`,
    `    FSAL {`,
    `        Name = VFS;`,
    `    }`,
    ...acls,
    `}`,
  ].join('\n');
}

export function renderGaneshaConfig(service: StorageServiceView, opts: GaneshaConfigOptions): string {
  const exportRoot = opts.exportRoot.replace(/\/+$/, '');
  if (!SAFE_PATH.test(exportRoot) || exportRoot === '') {
    throw invalidInput('EFS exportRoot', opts.exportRoot, 'must be an absolute directory path using only letters, digits, "_", ".", "-" and "/"');
  }
  const lease = opts.leaseLifetimeS ?? 10;
  if (!Number.isInteger(lease) || lease < 1 || lease > 3600) throw invalidInput('NFSv4 lease lifetime (s)', lease, 'an integer 1–3600');
  if (!SAFE_ID.test(service.serviceName)) throw invalidInput('EFS serviceName', service.serviceName, 'must use only letters, digits, "_", "." and "-"');
  if (!SAFE_URN.test(service.urn)) throw invalidInput('EFS urn', service.urn, 'must use only letters, digits, ":", "_", "." and "-"');
  if (!SAFE_ID.test(service.region)) throw invalidInput('EFS region', service.region, 'must use only letters, digits, "_", "." and "-"');
  if (opts.recoveryRoot !== undefined && !SAFE_PATH.test(opts.recoveryRoot)) {
    throw invalidInput('EFS recoveryRoot', opts.recoveryRoot, 'must be an absolute directory path using only letters, digits, "_", ".", "-" and "/"');
  }
  const seenPaths = new Set<string>();
  for (const share of service.shares) {
    if (seenPaths.has(share.exportPath)) throw invalidInput(`share ${share.id} exportPath`, share.exportPath, 'two shares of one service cannot have the same export path');
    seenPaths.add(share.exportPath);
  }
  const ids = assignExportIds(service.shares, opts.exportIds);
  const recovery = opts.recoveryRoot
    ? [`    RecoveryBackend = fs;`, `    RecoveryRoot = ${quoted(opts.recoveryRoot)};`]
    : [];
  const sections = [
    `# nfs-ganesha configuration of EFS ${service.serviceName} (${service.urn}), region ${service.region}.`,
    `# Generated by vracklab; rewritten on every share/ACL change and reloaded with SIGHUP.`,
    `NFS_CORE_PARAM {`,
    `    # NFSv3 and NFSv4. No Bind_addr: the default listens on every address, IPv4 and IPv6, so endpoint`,
    `    # IPs can come and go (and an explicit 0.0.0.0 fails to resolve in a minimal container).`,
    `    Protocols = 3, 4;`,
    `    NFS_Port = ${NFS_PORT};`,
    `    MNT_Port = ${DEFAULT_MOUNT_PORT};`,
    `    mount_path_pseudo = true;`,
    `    Enable_NLM = false;`,
    `    Enable_RQUOTA = false;`,
    `}`,
    `NFSV4 {`,
    `    # No 90 s grace period after a (re)start: tests would stall on it.`,
    `    Graceless = true;`,
    `    Lease_Lifetime = ${lease};`,
    `    Only_Numeric_Owners = true;`,
    ...recovery,
    `}`,
    `MDCACHE {`,
    `    # No cached directory entries: a file removed behind ganesha's back (a reused lab's reset`,
    `    # removes what a scenario wrote) is gone for clients at once, as on a real storage server.`,
    `    Dir_Chunk = 0;`,
    `}`,
    `NFS_KRB5 {`,
    `    Active_krb5 = false;`,
    `}`,
    `LOG {`,
    `    # EVENT keeps "Reread exports complete", which tells a reload is done. Destination: -L on the command line.`,
    `    Default_Log_Level = EVENT;`,
    `}`,
    ...service.shares.map((share) => exportBlock(share, ids.get(share.id) as number, exportRoot, opts.noRootSquash)),
  ];
  return `${sections.join('\n')}\n`;
}
