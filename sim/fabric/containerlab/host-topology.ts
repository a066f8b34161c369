/**
 * The topology the containerlab driver deploys: only the hosts, as `linux` nodes running our lab
 * images with `network-mode: none` and no links. The fabric plumbs their NICs afterwards exactly
 * as for the docker driver (bridges, veths into the host's PID, firewall), so a lab on containerlab
 * is wired by the same code as on docker. (`vracklab export --format containerlab`, render.ts,
 * renders a whole lab instead, bridges and addresses included, for a user to deploy alone.)
 *
 * With every node `network-mode: none` and `mgmt.skip-when-unused`, containerlab creates no
 * management network, no firewall rule and no /etc/hosts entry (measured with 0.79.0).
 */
import { stringify } from 'yaml';
import { LABEL_LAB, LABEL_RUN_ID } from '../../core/run-id.ts';
import { BASE_CAPS, LABEL_HOST } from '../docker/docker-driver.ts';
import type { HostSpec } from '../types.ts';
import type { ClabNode } from './render.ts';

/** render.ts's node without the exec (the fabric configures our hosts), with bind mounts (the EFS export). */
type HostNode = Omit<ClabNode, 'exec'> & { binds?: string[] };

/** The containers' labels: the docker driver's (run id, lab, host), so gc and `docker ps` see one vocabulary. */
function hostNode(ctx: { runId: string; labName: string }, spec: HostSpec, image: string): HostNode {
  const node: HostNode = {
    kind: 'linux',
    image,
    'network-mode': 'none',
    privileged: false,
    'image-pull-policy': 'never',
    'cap-add': [...new Set([...BASE_CAPS, ...(spec.capAdd ?? [])])],
    labels: { [LABEL_RUN_ID]: ctx.runId, [LABEL_LAB]: ctx.labName, [LABEL_HOST]: spec.name },
  };
  if (spec.volumes && spec.volumes.length > 0) node.binds = spec.volumes.map((v) => `${v.source}:${v.target}`);
  if (spec.sysctls && Object.keys(spec.sysctls).length > 0) node.sysctls = { ...spec.sysctls };
  return node;
}

/** The .clab.yml of containerlab lab `name` holding `specs`; `images` maps each recipe name to its built tag. */
export function hostTopology(ctx: { runId: string; labName: string }, name: string, specs: readonly HostSpec[], images: ReadonlyMap<string, string>): string {
  const nodes = Object.fromEntries(specs.map((s) => [s.name, hostNode(ctx, s, images.get(s.image) ?? s.image)]));
  const doc = {
    name,
    // No management network: no docker network, no DOCKER-USER rule, no /etc/hosts block to leave behind.
    mgmt: { 'skip-when-unused': true, 'external-access': false },
    topology: { nodes },
  };
  return `# containerlab lab of vracklab lab ${JSON.stringify(ctx.labName)}, run ${ctx.runId}: hosts only, their NICs are plumbed by vracklab's fabric\n${stringify(doc, { lineWidth: 0 })}`;
}
