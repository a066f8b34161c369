/**
 * Rules the JSON schema cannot express: references between sections, unique names, addresses
 * inside their network and not its network/broadcast address, one address per segment, RFC 1918,
 * profile limits, and the simulator's own subnet and ACL rules (api/rules/). Runs only on a
 * schema-valid document; returns every issue found. One checker per section (checks/), run in
 * document order because later sections look up what earlier ones declared.
 */
import type { LabIssue } from './lab-issue.ts';
import type { LabFile } from './lab-file.ts';
import { createCheckContext } from './checks/check-context.ts';
import { checkLimits, checkPrivateNetworks, checkPublicNetwork, checkVracks } from './checks/check-networks.ts';
import { checkHosts } from './checks/check-hosts.ts';
import { checkNodes } from './checks/check-nodes.ts';
import { checkClusters } from './checks/check-clusters.ts';
import { checkManagedServices } from './checks/check-managed-services.ts';
import { checkVrackServices } from './checks/check-vrack-services.ts';

export function semanticIssues(lab: LabFile): LabIssue[] {
  const ctx = createCheckContext(lab);
  checkLimits(ctx);
  checkVracks(ctx);
  checkPrivateNetworks(ctx);
  const pub = checkPublicNetwork(ctx);
  checkHosts(ctx);
  checkNodes(ctx);
  checkClusters(ctx, pub);
  checkManagedServices(ctx);
  checkVrackServices(ctx);
  return ctx.issues;
}
