// Nodes a lab file brings (`nodes:`): an FRR router between two private networks, driven through
// vtysh as its operator would, and the path hosts take through it.
import { Before, Then, When } from '@cucumber/cucumber';
import { expectEqual, expectTrue, getDriver, invalidInput } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('lab-nodes');

// A driver that runs no lab nodes refuses such a lab before building it (UNSUPPORTED_BY_DRIVER, naming
// the drivers that can): its profile (netns) skips these scenarios instead of failing on the refusal.
Before({ tags: '@lab-nodes' }, function (this: VrackLabWorld) {
  const driver = this.parameters.driver;
  if (driver === 'none' || !getDriver(driver).nodes) return 'skipped';
  return undefined;
});

const IFNAME = /^[a-z][a-z0-9-]{0,14}$/;

async function vtysh(world: VrackLabWorld, node: string, commands: string[]): Promise<string> {
  const argv = ['vtysh', ...commands.flatMap((c) => ['-c', c])];
  const r = await world.requireLab().execInNode(node, argv);
  expectEqual(`exit code of ${argv.join(' ')} on ${node}`, 0, r.exitCode, r.stderr || r.stdout);
  return r.stdout;
}

/** FRR's route entries for one prefix (`show ip route PREFIX json`): `{}` when it has none. */
async function frrRoutes(world: VrackLabWorld, node: string, cidr: string): Promise<{ protocol: string; installed?: boolean; nexthops: { interfaceName?: string; active?: boolean }[] }[]> {
  const json = JSON.parse(await vtysh(world, node, [`show ip route ${cidr} json`])) as Record<string, never[]>;
  return json[cidr] ?? [];
}

function ifname(name: string): string {
  if (!IFNAME.test(name)) throw invalidInput('interface name', name, 'a Linux interface name: a lowercase letter, then at most 14 letters, digits or dashes');
  return name;
}

Then('FRR on {host} routes {cidr} directly through {word}', example('FRR on r1 routes 10.0.2.0/24 directly through eth2'), async function (this: VrackLabWorld, node: string, cidr: string, dev: string) {
  const routes = await frrRoutes(this, node, cidr);
  const installed = routes.filter((r) => r.installed === true).map((r) => `${r.protocol} via ${r.nexthops.filter((n) => n.active).map((n) => n.interfaceName ?? '?').join('+')}`);
  expectEqual(`FRR's installed routes to ${cidr} on ${node}`, [`connected via ${ifname(dev)}`], installed, JSON.stringify(routes));
});

Then('FRR on {host} has no route to {cidr}', example('FRR on r1 has no route to 10.0.2.0/24'), async function (this: VrackLabWorld, node: string, cidr: string) {
  const routes = await frrRoutes(this, node, cidr);
  expectEqual(`FRR's routes to ${cidr} on ${node}`, [], routes.map((r) => r.protocol));
});

When('FRR on {host} shuts interface {word} down', example('FRR on r1 shuts interface eth2 down'), async function (this: VrackLabWorld, node: string, dev: string) {
  await vtysh(this, node, ['configure terminal', `interface ${ifname(dev)}`, 'shutdown']);
});

When('FRR on {host} brings interface {word} back up', example('FRR on r1 brings interface eth2 back up'), async function (this: VrackLabWorld, node: string, dev: string) {
  await vtysh(this, node, ['configure terminal', `interface ${ifname(dev)}`, 'no shutdown']);
});

Then('the first hop from {host} to {ip} is {ip}', example('the first hop from host-a to 10.0.2.20 is 10.0.1.254'), async function (this: VrackLabWorld, host: string, target: string, hop: string) {
  // One probe with TTL 1: the first router on the path answers "Time to live exceeded" with its own address.
  const r = await this.requireLab().host(host).exec(['ping', '-n', '-c', '1', '-t', '1', '-W', '2', target], { allowFailure: true, timeoutMs: 10_000 });
  const answered = /^From (\S+) icmp_seq=\d+ Time to live exceeded/m.exec(r.stdout)?.[1];
  expectTrue(`first hop from ${host} to ${target}`, answered === hop, `Time to live exceeded from ${hop}`, answered ? `from ${answered}` : r.stdout.trim() || r.stderr.trim() || 'no answer');
});
