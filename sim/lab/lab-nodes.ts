/**
 * Builds a lab's own nodes (a lab file's `nodes:`) on the fabric, the way containerlab deploys
 * them: the container of the node's image, its NICs on the vRack VLANs (addressed by vracklab for
 * kind linux), then its exec commands one by one in declaration order. A failing command fails the
 * build (containerlab only logs it: deploy.ts's execFailures catches that case for the export).
 */
import { HarnessError } from '../core/errors.ts';
import { formatCommand } from '../core/exec.ts';
import { splitWords } from '../core/shell-words.ts';
import { assertDriverRunsNodes } from '../fabric/driver.ts';
import { getDriver } from '../fabric/drivers.ts';
import type { Fabric, SegmentKey } from '../fabric/types.ts';
import type { ResolvedLab, ResolvedNode } from '../topology/model.ts';
import { LINUX_KIND } from '../topology/node-kinds.ts';

/** Before anything is built: the driver must run every node's kind (the refusal names those that can). */
export function assertNodesRunnable(lab: ResolvedLab, driver: string): void {
  if (lab.nodes.length > 0) assertDriverRunsNodes(getDriver(driver), lab.nodes);
}

/** Starts the lab's nodes, concurrently (their containers start in parallel). */
export async function createNodes(lab: ResolvedLab, fabric: Fabric): Promise<void> {
  const started = await Promise.allSettled(lab.nodes.map((n) => fabric.addNode({ name: n.name, kind: n.kind, image: n.image, recipe: n.recipe, capAdd: n.capAdd, sysctls: n.sysctls })));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Plugs every node's NICs into their segments; a linux node's get their addresses, other kinds set their own. */
export async function plumbNodes(lab: ResolvedLab, fabric: Fabric, segmentKeyOf: (segment: string) => SegmentKey): Promise<void> {
  for (const n of lab.nodes) {
    for (const nic of n.nics) {
      await fabric.attachNic(n.name, segmentKeyOf(nic.segment), { ifname: nic.ifname, addresses: n.kind === LINUX_KIND ? [nic.address] : [] });
    }
  }
}

/** Runs each node's exec commands in order (nodes concurrently); the first failure fails the build, quoting the command. */
export async function runNodeExec(lab: ResolvedLab, fabric: Fabric): Promise<void> {
  await Promise.all(lab.nodes.map((n) => runCommands(fabric, n)));
}

async function runCommands(fabric: Fabric, node: ResolvedNode): Promise<void> {
  for (const [i, line] of node.exec.entries()) {
    const argv = splitWords(line);
    const r = await fabric.execInNode(node.name, argv);
    if (r.exitCode !== 0) {
      const why = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ') || 'no output';
      throw new HarnessError('NODE_EXEC_FAILED', `node ${node.name}: exec command ${i + 1} of ${node.exec.length} failed with exit ${r.exitCode}: ${why} (command: ${formatCommand(argv[0] ?? '', argv.slice(1))})`, {
        details: { node: node.name, command: line, exitCode: r.exitCode },
      });
    }
  }
}
