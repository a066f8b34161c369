/**
 * A router for lab nodes (a lab file's `nodes:`): Debian's FRR 8.4 with zebra and staticd, which
 * frrinit.sh always starts (the other daemons stay off in /etc/frr/daemons until a node's exec
 * turns them on). The node's exec configures it through vtysh; zebra follows the interfaces the
 * fabric plugs in after start (netlink), so a config naming eth1/eth2 applies when they appear.
 * Forwarding is the container's `net.ipv4.ip_forward` sysctl (the node's `sysctls:`): /proc/sys is
 * read-only in a container, so zebra's `ip forwarding` cannot switch it.
 */
import { shellQuote } from '../../../core/exec.ts';
import type { ImageRecipe } from '../recipe.ts';

/** Waits until zebra and staticd answer vtysh (both listed by `show daemons`), at most 300 × 0.1 s. */
const FRR_READY = 'n=0; until vtysh -c "show daemons" 2>/dev/null | grep -qw zebra && vtysh -c "show daemons" 2>/dev/null | grep -qw staticd; do n=$((n+1)); if [ $n -ge 300 ]; then echo "frr-ready: zebra and staticd did not start within 30 s" >&2; exit 1; fi; sleep 0.1; done';

export const frrRecipe: ImageRecipe = {
  name: 'frr',
  packages: ['frr', 'iproute2', 'iputils-ping', 'procps', 'tini'],
  customize: [
    // No syslog in a container: FRR logs to a file vtysh's users can read; the rest is Debian's default.
    "printf '%s\\n' 'frr defaults traditional' 'log file /var/log/frr/frr.log informational' 'service integrated-vtysh-config' > /etc/frr/frr.conf && chown frr:frr /etc/frr/frr.conf",
    // A node's exec runs as soon as the container starts, while watchfrr still starts zebra: a vtysh
    // command then reaches no zebra and is lost. `frr-ready` (first in the exec) waits up to 30 s.
    `printf '%s\\n' '#!/bin/sh' ${shellQuote(FRR_READY)} > /usr/local/bin/frr-ready && chmod 755 /usr/local/bin/frr-ready`,
  ],
  // tini reaps watchfrr's daemons (they daemonize and are reparented to PID 1).
  cmd: ['/usr/bin/tini', '--', 'sh', '-c', '/usr/lib/frr/frrinit.sh start && exec sleep infinity'],
  description: 'router node: FRR 8.4 (zebra, staticd; vtysh; frr-ready waits for them), iproute2, ping',
};
