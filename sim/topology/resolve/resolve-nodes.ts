/** The nodes a lab file brings: their image (a recipe's built tag, or the reference as written) and NICs. */
import { imageTag } from '../../fabric/images/image-tag.ts';
import { getRecipe } from '../../fabric/images/registry.ts';
import type { LabFile } from '../lab-file.ts';
import type { ResolvedNode } from '../model.ts';
import { defaultNodeIfname } from '../node-kinds.ts';
import { ipOf, type NetworkPlan } from './network-plan.ts';

export function resolveNodes(file: LabFile, plan: NetworkPlan): ResolvedNode[] {
  return Object.entries(file.nodes ?? {}).map(([name, n]) => ({
    name,
    kind: n.kind,
    image: n.recipe !== undefined ? imageTag(getRecipe(n.recipe)) : (n.image as string),
    recipe: n.recipe ?? null,
    nics: n.attach.map((a, j) => {
      // The checks proved one private network per (vRack, VLAN) and that this one exists.
      const net = plan.privateNetworks.find((x) => x.vrackId === a.vrack && x.vlan === a.vlan);
      return plan.nic(a.ifname ?? defaultNodeIfname(j), net?.name ?? '', ipOf(a.ip));
    }),
    exec: [...(n.exec ?? [])],
    sysctls: { ...(n.sysctls ?? {}) },
    capAdd: [...(n.capAdd ?? [])],
  }));
}
