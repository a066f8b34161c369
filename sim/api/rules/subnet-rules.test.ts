import { describe, expect, it } from 'vitest';
import { parseCidr, type Cidr } from '../../core/ipv4.ts';
import { serviceRangeBounds, serviceRangeCapacity, serviceRangeViolations, subnetPairViolations, subnetPrefixBounds, subnetViolations } from './subnet-rules.ts';

const c = (t: string): Cidr => parseCidr(t) as Cidr;
const profile = { subnetPrefixMin: 16, subnetPrefixMax: 24, serviceRangeRule: 'guide' as const };

describe('subnet rules', () => {
  it('a valid subnet and range have no violation', () => {
    expect(subnetViolations(c('10.0.0.0/24'), 10, subnetPrefixBounds(profile, {}))).toEqual([]);
    expect(serviceRangeViolations(c('10.0.0.0/24'), c('10.0.0.0/29'), serviceRangeBounds(profile, {}, 24))).toEqual([]);
  });

  it('lists every subnet violation, in the simulator\'s order', () => {
    expect(subnetViolations(c('8.8.8.1/28'), 4095, subnetPrefixBounds(profile, {})).map((v) => v.rule)).toEqual(['subnet-not-private', 'subnet-not-network', 'subnet-prefix', 'vlan-out-of-range']);
  });

  it('limits override the profile bounds', () => {
    expect(subnetPrefixBounds(profile, { subnetPrefixMin: 20 })).toEqual({ min: 20, max: 24 });
    expect(serviceRangeBounds(profile, { serviceRangeRule: 'product-definition' }, 24)).toEqual({ min: 25, max: 29 });
  });

  it('a service range outside, too big, or not at its network address', () => {
    const found = serviceRangeViolations(c('10.0.0.0/24'), c('10.0.1.8/26'), serviceRangeBounds(profile, {}, 24)).map((v) => v.rule);
    expect(found).toEqual(['range-not-network', 'range-prefix', 'range-not-in-subnet']);
  });

  it('two subnets: overlap and duplicate VLAN (untagged counts as one VLAN)', () => {
    expect(subnetPairViolations({ cidr: c('10.0.0.0/24'), vlan: null }, { cidr: c('10.0.0.128/25'), vlan: null })).toEqual(['overlap', 'vlan-duplicated']);
    expect(subnetPairViolations({ cidr: c('10.0.0.0/24'), vlan: 1 }, { cidr: c('10.0.1.0/24'), vlan: 2 })).toEqual([]);
  });

  it('capacity: the range minus 4 reserved addresses, minus the subnet network when inside', () => {
    expect(serviceRangeCapacity(c('10.0.0.0/24'), c('10.0.0.0/29'))).toBe(3);
    expect(serviceRangeCapacity(c('10.0.0.0/24'), c('10.0.0.32/27'))).toBe(28);
  });
});
