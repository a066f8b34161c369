/**
 * The EFS (storageNetApp) endpoint image: nfs-ganesha with the VFS FSAL, serving NFSv4 and NFSv3.
 * `sim/services/efs/efs-server.ts` starts rpcbind and ganesha in it; the container needs
 * `--cap-add DAC_READ_SEARCH --cap-add SYS_ADMIN` (VFS file handles) besides NET_ADMIN/NET_RAW,
 * and a volume or bind mount for the export root (overlayfs cannot be exported).
 */
import type { ImageRecipe } from '../recipe.ts';

/** Capabilities an EFS container needs on top of the fabric's NET_ADMIN/NET_RAW (`--privileged` fails here). */
export const EFS_CAPABILITIES: readonly string[] = ['DAC_READ_SEARCH', 'SYS_ADMIN'];

/**
 * An EFS host announces an endpoint address it takes (a gratuitous ARP when the NIC's MAC is set),
 * as a real storage interface does when an IP moves to it: a client's cached MAC of the previous
 * holder (re-elected IPs) is replaced at once instead of after ARP's reachable time (15–45 s).
 */
export const EFS_SYSCTLS: Readonly<Record<string, string>> = { 'net.ipv4.conf.all.arp_notify': '1', 'net.ipv4.conf.default.arp_notify': '1' };

export const efsRecipe: ImageRecipe = {
  name: 'efs',
  packages: [
    'nfs-ganesha',
    'nfs-ganesha-vfs',
    // NFSv3 clients find MOUNT and NFS through the portmapper; without it ganesha refuses to start with v3 on.
    'rpcbind',
    // /etc/services and /etc/rpc: without them rpcbind cannot resolve "sunrpc" and silently binds no port.
    'netbase',
    // ss (readiness checks), ip (endpoint plumbing)
    'iproute2',
    'iputils-ping',
    'procps',
    'libnfs-utils',
    'netcat-openbsd',
    // PID 1 that reaps: ganesha and rpcbind daemonize, and `sleep` as PID 1 would leave their zombies.
    'tini',
  ],
  customize: [
    // Runtime directories the daemons expect; a container's /run is not populated by systemd-tmpfiles.
    'mkdir -p /run/rpcbind /var/run/ganesha /var/lib/nfs/ganesha /export && chown _rpc /run/rpcbind',
  ],
  cmd: ['/usr/bin/tini', '--', 'sleep', 'infinity'],
  description: 'EFS (storageNetApp) endpoint: nfs-ganesha 4.3 (VFS FSAL, NFSv4 + NFSv3 via rpcbind), libnfs-utils, iproute2',
};
