/** Limit overrides: checked with clear errors, and the per-region rule a lab relaxes to reach 20 per vRack. */
import { afterEach, describe, expect, it } from 'vitest';
import { validateLimits } from './limits.ts';
import { serviceRangePrefixBounds } from './profiles.ts';
import { startTestSim, type TestSim } from './test-support.ts';

let t: TestSim | undefined;
afterEach(() => t?.close());

describe('validateLimits', () => {
  it('accepts a known service range rule and refuses another, naming the choices', () => {
    expect(validateLimits({ serviceRangeRule: 'product-definition' })).toEqual({ serviceRangeRule: 'product-definition' });
    expect(() => validateLimits({ serviceRangeRule: 'seed-001' as never })).toThrow(/serviceRangeRule.*guide, product-definition/s);
  });
});

describe('serviceRangePrefixBounds', () => {
  it('the guide: /27 to /29 whatever the subnet; the product definition: /(subnet+1) to /29', () => {
    expect(serviceRangePrefixBounds('guide', 16)).toEqual({ min: 27, max: 29 });
    expect(serviceRangePrefixBounds('guide', 24)).toEqual({ min: 27, max: 29 });
    expect(serviceRangePrefixBounds('product-definition', 24)).toEqual({ min: 25, max: 29 });
    expect(serviceRangePrefixBounds('product-definition', 16)).toEqual({ min: 17, max: 29 });
  });
});

describe('vRack Services per vRack', () => {
  it('one per region by default; with 4 per region, 20 fit on one vRack over 5 regions and the 21st is refused', async () => {
    t = await startTestSim({ limits: { vrackServicesPerAccount: 21 } });
    const sim = t.sim;
    const regions = ['eu-west-lim', 'eu-west-gra', 'eu-west-rbx', 'eu-west-sbg', 'ca-east-bhs'];
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push((await sim.admin.createVrackServices({ region: regions[i % 5]! })).id);
    for (const id of ids) await sim.admin.waitForReady(id, 5000);
    const { serviceName } = await sim.admin.createVrack();
    for (const id of ids.slice(0, 5)) await sim.admin.associate(serviceName, id);
    await expect(sim.admin.associate(serviceName, ids[5]!)).rejects.toThrow(/only one vRack Services per region per vRack/);
    sim.admin.setLimits({ vrackServicesPerRegionPerVrack: 5 });
    for (const id of ids.slice(5, 20)) await sim.admin.associate(serviceName, id);
    await expect(sim.admin.associate(serviceName, ids[20]!)).rejects.toThrow("Limit of '20' vRack Services per vRack exceeded");
  });
});

describe('a lab file sets these limits', () => {
  it('api.limits.vrackServicesPerRegionPerVrack and serviceRangeRule reach the resolved model; an unknown rule is refused', async () => {
    const { parseLab } = await import('../topology/load.ts');
    const lab = parseLab("name: twenty\napi:\n  limits: {vrackServicesPerRegionPerVrack: 4, serviceRangeRule: product-definition}\n", 'x.lab.yml');
    expect(lab.api.limits).toMatchObject({ vrackServicesPerRegionPerVrack: 4, serviceRangeRule: 'product-definition', vrackServicesPerVrack: 20 });
    expect(parseLab('name: plain\n', 'y.lab.yml').api.limits.vrackServicesPerRegionPerVrack).toBe(1);
    expect(() => parseLab('name: bad\napi:\n  limits: {serviceRangeRule: seed-001}\n', 'z.lab.yml')).toThrow(/serviceRangeRule/);
  });
});
