// Scenario actions over the API shared by several step files: each records its outcome on the world
// (so Then steps can assert on refusals) and the checksums it saw.
import { HarnessError, attempt, addSubnet as addSubnetToSpec, addEndpoints as addEndpointsToSpec, type SubnetInput, type TargetSpec, type VrackServices } from '../../sim/index.ts';
import type { VrackLabWorld } from '../world.ts';

export async function deliverVrack(world: VrackLabWorld, alias: string): Promise<string> {
  const sim = await world.simulator('delivering a vRack');
  // Aliases that look like vRack ids (pn-xyzzz) become the id, as in the guide's examples.
  const { serviceName } = await sim.admin.createVrack(/^pn-[a-z0-9]+$/.test(alias) ? { serviceName: alias } : { name: alias });
  world.names.set('vrack', alias, serviceName);
  return serviceName;
}

export async function deliverVrackServices(world: VrackLabWorld, alias: string, region: string, options: { waitReady: boolean }): Promise<string> {
  const sim = await world.simulator('delivering a vRack Services');
  const { id } = await sim.admin.createVrackServices({ region });
  world.names.set('vrackServices', alias, id);
  if (options.waitReady) await waitReady(world, alias, 60_000);
  return id;
}

export async function deliverStorage(world: VrackLabWorld, alias: string, region: string): Promise<void> {
  const sim = await world.simulator('delivering an Enterprise File Storage');
  const { serviceName, urn } = await sim.admin.createStorageNetApp({ region, name: alias });
  world.names.set('storage', alias, serviceName, urn);
}

/** How often to poll: the simulator on loopback is cheap to ask; the real API is asked as the manager does. */
export async function pollIntervalMs(world: VrackLabWorld): Promise<number> {
  return (await world.api()).simulator ? 50 : 2000;
}

export async function waitReady(world: VrackLabWorld, alias: string, timeoutMs: number): Promise<VrackServices> {
  const client = await world.client();
  const vrs = await client.waitForReady(world.vrsId(alias), { timeoutMs, intervalMs: await pollIntervalMs(world) });
  world.rememberChecksum(vrs.id, vrs.checksum);
  return vrs;
}

/** GET → edit → PUT with the checksum just read; the outcome (accepted or refused) lands on the world. */
export async function updateSpec(world: VrackLabWorld, alias: string, what: string, edit: (spec: TargetSpec) => TargetSpec, options: { mustSucceed?: boolean } = {}): Promise<void> {
  const client = await world.client();
  const id = world.vrsId(alias);
  const current = await client.getVrackServices(id);
  world.rememberChecksum(id, current.checksum);
  world.specBefore = current.targetSpec;
  const targetSpec = edit(current.targetSpec);
  world.last = await attempt(what, () => client.updateVrackServices(id, { checksum: current.checksum, targetSpec }));
  if (world.last.ok) world.rememberChecksum(id, (world.last.value as VrackServices).checksum);
  else if (options.mustSucceed) throw new HarnessError('SETUP_REFUSED', `${what} was refused: ${world.last.error.toLine()}`);
}

export async function addSubnet(world: VrackLabWorld, alias: string, input: SubnetInput, options: { mustSucceed?: boolean } = {}): Promise<void> {
  await updateSpec(world, alias, `add subnet ${input.cidr} to ${alias}`, (spec) => addSubnetToSpec(spec, input), options);
}

export async function addEndpoints(world: VrackLabWorld, alias: string, cidr: string, urns: string[], options: { mustSucceed?: boolean } = {}): Promise<void> {
  await updateSpec(world, alias, `add ${urns.length} endpoint(s) to subnet ${cidr} of ${alias}`, (spec) => addEndpointsToSpec(spec, cidr, urns), options);
}
