// Managed Kubernetes between private networks (the guide "Communicating between different private networks"): which way traffic leaves a node, and the fixes.
import { Given, Then, When } from '@cucumber/cucumber';
import { expectEqual, expectTrue, icmpProbe, routeVia, watchIcmpSources } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { freeAddressIn, hostAddress } from '../sim/lab/lab-addresses.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('routing');

Then('traffic from {host} to {ip} leaves through {word}', example('traffic from node1 to 10.0.2.142 leaves through eth0'), async function (this: VrackLabWorld, host: string, ip: string, dev: string) {
  const route = await routeVia(this.requireLab().host(host), ip);
  expectEqual(`interface used by ${host} towards ${ip}`, dev, route.dev, route.raw);
});

Then('traffic from {host} to {cidr} leaves through {word}', example('traffic from node1 to 10.0.1.0/24 leaves through eth1'), async function (this: VrackLabWorld, host: string, cidr: string, dev: string) {
  const lab = this.requireLab();
  const route = await routeVia(lab.host(host), freeAddressIn(lab.model, cidr));
  expectEqual(`interface used by ${host} towards ${cidr}`, dev, route.dev, route.raw);
});

Then('traffic from {host} to {ip} leaves through {word} via {ip}', example('traffic from node1 to 10.0.2.142 leaves through eth1 via 10.0.1.1'), async function (this: VrackLabWorld, host: string, ip: string, dev: string, via: string) {
  const route = await routeVia(this.requireLab().host(host), ip);
  expectEqual(`route of ${host} towards ${ip}`, `dev ${dev} via ${via}`, `dev ${route.dev} via ${route.via ?? '(direct)'}`, route.raw);
});

Then('{host} can ping {host}', example('pod1 can ping pod3'), async function (this: VrackLabWorld, from: string, to: string) {
  const lab = this.requireLab();
  const ip = hostAddress(lab.model, to);
  const r = await icmpProbe(lab.host(from), ip, { timeoutMs: 3000 });
  expectTrue(`ping from ${from} to ${to} (${ip})`, r.ok, 'a reply', r.error ?? 'no reply');
});

Then('the hostNetwork pod {host} can ping {ip}', example('the hostNetwork pod hostpod1 can ping 10.0.2.142'), async function (this: VrackLabWorld, pod: string, ip: string) {
  // A hostNetwork pod runs as Kubernetes runs it: in its node's network namespace, with no host of its own.
  const lab = this.requireLab();
  const model = lab.model.pods.find((p) => p.name === pod);
  expectTrue(`pod ${pod} of lab ${lab.name}`, model?.hostNetwork === true, 'a hostNetwork pod', model ? 'a pod with its own network namespace' : 'no such pod');
  const r = await icmpProbe(lab.host(model!.node), ip, { timeoutMs: 3000 });
  expectTrue(`ping from the hostNetwork pod ${pod} (on ${model!.node}) to ${ip}`, r.ok, 'a reply', r.error ?? 'no reply');
});

Then("{host} sees {host}'s traffic coming from {ip}", example("vm1 sees pod1's traffic coming from 10.0.2.1"), async function (this: VrackLabWorld, observer: string, sender: string, source: string) {
  const lab = this.requireLab();
  const target = hostAddress(lab.model, observer);
  const sources = await watchIcmpSources(lab.host(observer), () => icmpProbe(lab.host(sender), target, { timeoutMs: 3000 }).then(() => undefined), { timeoutMs: 8000 });
  expectTrue(`source address of ${sender}'s pings as seen by ${observer}`, sources.includes(source), source, sources.join(', ') || 'no packet seen');
});

async function setHostRoutes(world: VrackLabWorld, networks: string[], enabled: boolean): Promise<void> {
  for (const n of networks) await world.requireLab().setHostRoutes(n, enabled);
}

When('I enable the DHCP host routes of {string} and {string}', example('I enable the DHCP host routes of "priv-net-01" and "priv-net-02"'), async function (this: VrackLabWorld, a: string, b: string) {
  await setHostRoutes(this, [a, b], true);
});

Given('the DHCP host routes of {string} and {string} are enabled', example('the DHCP host routes of "priv-net-01" and "priv-net-02" are enabled'), async function (this: VrackLabWorld, a: string, b: string) {
  await setHostRoutes(this, [a, b], true);
});

When('I disable the DHCP host routes of {string} and {string}', example('I disable the DHCP host routes of "priv-net-01" and "priv-net-02"'), async function (this: VrackLabWorld, a: string, b: string) {
  await setHostRoutes(this, [a, b], false);
});

When('I set privateNetworkRoutingAsDefault on cluster {string} with defaultVrackGateway {ip}', example('I set privateNetworkRoutingAsDefault on cluster "mks1" with defaultVrackGateway 10.0.1.1'), async function (this: VrackLabWorld, cluster: string, gateway: string) {
  await this.requireLab().setRoutingAsDefault(cluster, gateway);
});
