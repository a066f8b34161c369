/**
 * The generic lab host: a bare-metal server, a VM, a Kubernetes node or pod. Only what the probes
 * and the plumbing need; nothing reaches the internet in a lab, so no curl or DNS tools.
 */
import type { ImageRecipe } from '../recipe.ts';

export const hostRecipe: ImageRecipe = {
  name: 'host',
  packages: ['iproute2', 'iputils-ping', 'netcat-openbsd', 'libnfs-utils', 'nftables', 'iptables', 'tcpdump', 'traceroute', 'procps'],
  cmd: ['sleep', 'infinity'],
  description: 'lab host: iproute2, ping, nc, libnfs-utils (nfs-ls/nfs-cat), nftables, iptables, tcpdump, traceroute',
};
