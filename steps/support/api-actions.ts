// Scenario actions over the API shared by several step files: each records its outcome on the world
// (so Then steps can assert on refusals) and the checksums it saw.
import { HarnessError, attempt, parseRealResources, realResource, sameRegion, serviceNameOfUrn, addSubnet as addSubnetToSpec, addEndpoints as addEndpointsToSpec, type SubnetInput, type TargetSpec, type VrackServices } from '../../sim/index.ts';
import type { VrackLabWorld } from '../world.ts';

/** The user's own resources, named in VRACKLAB_REAL_RESOURCES (real API only). */
function realResources(): Record<string, string> {
  return parseRealResources(process.env.VRACKLAB_REAL_RESOURCES);
}

export async function deliverVrack(world: VrackLabWorld, alias: string): Promise<string> {
  const session = await world.api();
  if (!session.simulator) {
    const serviceName = realResource(realResources(), 'vrack', alias, 'a vRack of your account');
    world.names.set('vrack', alias, serviceName);
    return serviceName;
  }
  // Aliases that look like vRack ids (pn-xyzzz) become the id, as in the guide's examples.
  const { serviceName } = await session.simulator.admin.createVrack(/^pn-[a-z0-9]+$/.test(alias) ? { serviceName: alias } : { name: alias });
  world.names.set('vrack', alias, serviceName);
  return serviceName;
}

export async function deliverVrackServices(world: VrackLabWorld, alias: string, region: string, options: { waitReady: boolean }): Promise<string> {
  const session = await world.api();
  if (!session.simulator) return adoptRealVrackServices(world, alias, region);
  const { id } = await session.simulator.admin.createVrackServices({ region });
  world.names.set('vrackServices', alias, id);
  if (options.waitReady) await waitReady(world, alias, 60_000);
  return id;
}

/**
 * A real vRack Services stands in for a delivered one: it must be READY, in the region, with no
 * subnet (scenarios start from a fresh delivery). Its spec and vRack association are put back after
 * the scenario, so a run leaves the account as it found it.
 */
async function adoptRealVrackServices(world: VrackLabWorld, alias: string, region: string): Promise<string> {
  const id = realResource(realResources(), 'vrackServices', alias, `a READY vRack Services in region ${region} with no subnet`);
  const client = await world.client();
  const before = await client.waitForReady(id, { timeoutMs: 120_000, intervalMs: 2000 });
  if (!sameRegion(before.currentState.region, region) || before.targetSpec.subnets.length > 0) {
    throw new HarnessError(
      'REAL_RESOURCE_UNFIT',
      `${alias} = ${id} cannot stand in for a fresh vRack Services in ${region}: it is in ${before.currentState.region} with ${before.targetSpec.subnets.length} subnet(s)`,
    );
  }
  world.names.set('vrackServices', alias, id);
  world.rememberChecksum(id, before.checksum);
  world.cleanup.push(`restore ${alias} (${id})`, async () => {
    const now = await client.waitForReady(id, { timeoutMs: 300_000, intervalMs: 2000 });
    if (JSON.stringify(now.targetSpec) !== JSON.stringify(before.targetSpec)) {
      await client.updateVrackServices(id, { checksum: now.checksum, targetSpec: before.targetSpec });
      await client.waitForReady(id, { timeoutMs: 300_000, intervalMs: 2000 });
    }
    const was = before.currentState.vrackId;
    const is = (await client.getVrackServices(id)).currentState.vrackId;
    if (is && is !== was) await client.dissociateVrackServices(is, id, { wait: true, timeoutMs: 300_000 });
    if (was && is !== was) await client.associateVrackServices(was, id, { wait: true, timeoutMs: 300_000 });
  });
  return id;
}

export async function deliverStorage(world: VrackLabWorld, alias: string, region: string): Promise<void> {
  const session = await world.api();
  if (!session.simulator) {
    const urn = realResource(realResources(), 'storage', alias, `an Enterprise File Storage in region ${region}`);
    world.names.set('storage', alias, serviceNameOfUrn(urn), urn);
    return;
  }
  const { serviceName, urn } = await session.simulator.admin.createStorageNetApp({ region, name: alias });
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
  const outcome = await attempt(what, () => client.updateVrackServices(id, { checksum: current.checksum, targetSpec }));
  world.sentChecksums.set(outcome, current.checksum);
  world.last = outcome;
  if (outcome.ok) world.rememberChecksum(id, (outcome.value as VrackServices).checksum);
  else if (options.mustSucceed) throw new HarnessError('SETUP_REFUSED', `${what} was refused: ${outcome.error.toLine()}`);
}

export async function addSubnet(world: VrackLabWorld, alias: string, input: SubnetInput, options: { mustSucceed?: boolean } = {}): Promise<void> {
  await updateSpec(world, alias, `add subnet ${input.cidr} to ${alias}`, (spec) => addSubnetToSpec(spec, input), options);
}

export async function addEndpoints(world: VrackLabWorld, alias: string, cidr: string, urns: string[], options: { mustSucceed?: boolean } = {}): Promise<void> {
  await updateSpec(world, alias, `add ${urns.length} endpoint(s) to subnet ${cidr} of ${alias}`, (spec) => addEndpointsToSpec(spec, cidr, urns), options);
}
