// Paths after the routing fixes of the guide "Communicating between different private networks": the control plane stays on eth0, the VM finds its way
// back to the nodes, and privateNetworkRoutingAsDefault can be switched off again.
import { Then, When } from '@cucumber/cucumber';
import { HarnessError, expectEqual, expectTrue, icmpProbe, routeVia, watchIcmpSources } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('routing');

/** The cluster's control-plane address in this lab (the public gateway holds it, beyond eth0). */
function controlPlane(world: VrackLabWorld): string {
  const pub = world.requireLab().model.publicNetwork;
  if (!pub) throw new HarnessError('NO_PUBLIC_NETWORK', `lab ${world.requireLab().name} has no public network, so no control plane to reach`);
  return pub.controlPlane;
}

Then('traffic from {host} to the control plane leaves through {word} via {ip}', example('traffic from node1 to the control plane leaves through eth0 via 198.51.100.1'), async function (this: VrackLabWorld, host: string, dev: string, via: string) {
  const ip = controlPlane(this);
  const route = await routeVia(this.requireLab().host(host), ip);
  expectEqual(`route of ${host} towards the control plane ${ip}`, `dev ${dev} via ${via}`, `dev ${route.dev} via ${route.via ?? '(direct)'}`, route.raw);
});

Then('{host} can ping the control plane', example('node1 can ping the control plane'), async function (this: VrackLabWorld, host: string) {
  const ip = controlPlane(this);
  const r = await icmpProbe(this.requireLab().host(host), ip, { timeoutMs: 3000 });
  expectTrue(`ping from ${host} to the control plane ${ip}`, r.ok, 'a reply', r.error ?? 'no reply');
});

Then('{host} has no route to {ip}', example('vm1 has no route to 10.0.1.146'), async function (this: VrackLabWorld, host: string, ip: string) {
  const route = await routeVia(this.requireLab().host(host), ip);
  expectEqual(`route of ${host} towards ${ip}`, 'none (Network is unreachable)', route.dev === 'none' && /unreachable/i.test(route.raw) ? 'none (Network is unreachable)' : route.raw, route.raw);
});

Then("{host} sees {host}'s pings to {ip} coming from {ip}", example("node1 sees vm1's pings to 10.0.1.146 coming from 10.0.1.1"), async function (this: VrackLabWorld, observer: string, sender: string, target: string, source: string) {
  const lab = this.requireLab();
  const sources = await watchIcmpSources(lab.host(observer), () => icmpProbe(lab.host(sender), target, { timeoutMs: 3000 }).then(() => undefined), { timeoutMs: 8000, iface: 'any' });
  expectTrue(`source address of ${sender}'s pings to ${target} as seen by ${observer}`, sources.includes(source), source, sources.join(', ') || 'no packet seen');
});

When('I switch privateNetworkRoutingAsDefault off on cluster {string}', example('I switch privateNetworkRoutingAsDefault off on cluster "mks1"'), async function (this: VrackLabWorld, cluster: string) {
  await this.requireLab().setRoutingAsDefault(cluster, null);
});
