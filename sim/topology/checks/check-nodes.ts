/**
 * The nodes a lab file brings (`nodes:`): names in the hosts' namespace, an image or a recipe,
 * a kind that runs an image, attachments to declared vRack VLANs with free addresses inside their
 * networks, commands containerlab can split, network sysctls.
 */
import { didYouMean } from '../did-you-mean.ts';
import { HOST_NAME_PATTERN } from '../../fabric/names.ts';
import { recipeNames } from '../../fabric/images/registry.ts';
import { FABRIC_NODE } from '../../fabric/containerlab/render.ts';
import { splitWords } from '../../core/shell-words.ts';
import type { DocPath } from '../lab-issue.ts';
import type { LabNodeFile } from '../lab-file.ts';
import { defaultNodeIfname, IMAGELESS_KINDS } from '../node-kinds.ts';
import type { CheckContext, NetInfo } from './check-context.ts';

/** Namespaced sysctls a container may set, limited to the network ones a node on a vRack needs. */
const SYSCTL_KEY = /^net\.[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/;

export function checkNodes(ctx: CheckContext): void {
  for (const [name, node] of Object.entries(ctx.lab.nodes ?? {})) {
    const p: DocPath = ['nodes', name];
    const who = `node ${JSON.stringify(name)}`;
    // Name problems point at the key: the name is the key of the node's mapping.
    if (!HOST_NAME_PATTERN.test(name)) ctx.issues.push({ path: p, atKey: true, message: `invalid node name ${JSON.stringify(name)}: node names are host names: at most 40 lowercase letters, digits and dashes, starting with a letter or digit (e.g. r1, edge-router)` });
    else if (name === FABRIC_NODE) ctx.issues.push({ path: p, atKey: true, message: `invalid node name "${FABRIC_NODE}": reserved for the node holding the vRack bridges in a containerlab export (choose another name)` });
    else ctx.claimName(name, p);
    if (IMAGELESS_KINDS.includes(node.kind)) ctx.add([...p, 'kind'], `invalid kind ${node.kind} of ${who}: a node you bring is a container of an image; ${node.kind} is not (the vRack VLANs are vracklab's own bridges; kinds refused: ${IMAGELESS_KINDS.join(', ')})`);
    checkImage(ctx, node, p, who);
    checkAttachments(ctx, node, p, who);
    (node.exec ?? []).forEach((line, i) => {
      try {
        if (splitWords(line).length === 0) ctx.add([...p, 'exec', i], `invalid command of ${who}: it has no words`);
      } catch (err) {
        ctx.add([...p, 'exec', i], `${(err as Error).message} in the exec of ${who}: containerlab splits commands into words as a shell would (quote with ' or ")`);
      }
    });
    for (const key of Object.keys(node.sysctls ?? {})) {
      if (!SYSCTL_KEY.test(key)) ctx.add([...p, 'sysctls', key], `invalid sysctl ${JSON.stringify(key)} of ${who}: only network sysctls (net.…, e.g. net.ipv4.ip_forward) can be set in a node's namespace`);
    }
  }
}

function checkImage(ctx: CheckContext, node: LabNodeFile, p: DocPath, who: string): void {
  if ((node.image === undefined) === (node.recipe === undefined)) {
    ctx.add(p, `invalid ${who}: it needs exactly one of image (a container image reference) or recipe (a vracklab image recipe: ${recipeNames().join(', ')})`);
  } else if (node.recipe !== undefined && !recipeNames().includes(node.recipe)) {
    ctx.add([...p, 'recipe'], `unknown image recipe ${JSON.stringify(node.recipe)} of ${who}${didYouMean(node.recipe, recipeNames())} (valid: ${recipeNames().join(', ')})`);
  }
}

function checkAttachments(ctx: CheckContext, node: LabNodeFile, p: DocPath, who: string): void {
  const ifnames = new Set<string>();
  const segments = new Set<string>();
  const vracks = new Set<string>();
  node.attach.forEach((a, j) => {
    const ap: DocPath = [...p, 'attach', j];
    const ifname = a.ifname ?? defaultNodeIfname(j);
    if (ifnames.has(ifname)) ctx.add([...ap, 'ifname'], `duplicate interface ${ifname} on ${who}: each attachment needs its own name`);
    ifnames.add(ifname);
    if (!ctx.refVrack(a.vrack, [...ap, 'vrack'], who)) return;
    vracks.add(a.vrack);
    const net = [...ctx.nets.values()].find((n) => n.vrack === a.vrack && n.vlan === a.vlan);
    if (!net) {
      const declared = [...ctx.nets.values()].filter((n) => n.vrack === a.vrack).map((n) => `${n.vlan ?? 'untagged'} (${n.name})`);
      ctx.add([...ap, 'vlan'], `unknown VLAN ${a.vlan ?? 'untagged'} on vRack ${a.vrack} for ${who}: no private network is declared on it (VLANs of ${a.vrack}: ${declared.join(', ') || 'none'})`);
      return;
    }
    const key = `${a.vrack}:${a.vlan ?? 'untagged'}`;
    if (segments.has(key)) ctx.add([...ap, 'vlan'], `duplicate attachment of ${who} to vRack ${a.vrack} VLAN ${a.vlan ?? 'untagged'}: a node has at most one interface per VLAN`);
    segments.add(key);
    ctx.claimIp(net as NetInfo, a.ip, [...ap, 'ip'], who);
  });
  if (vracks.size > 1) ctx.add([...p, 'attach'], `invalid attachments of ${who}: they span vRacks ${[...vracks].join(' and ')} (a server belongs to one vRack; traffic never crosses vRacks)`);
}
