import { describe, expect, it } from 'vitest';
import { summarizeVrackServices } from './summary.ts';
import type { VrackServicesWithIAM } from './types.ts';

const active: VrackServicesWithIAM = {
  id: 'vrs-a9y-v91-xnm-f5u',
  checksum: 'add878be3bb736263590d03fd000b113',
  createdAt: '2024-03-21T16:37:49Z',
  updatedAt: '2024-04-15T09:31:16Z',
  resourceStatus: 'READY',
  currentTasks: [],
  currentState: {
    displayName: 'My_vRackServices_updated',
    productStatus: 'ACTIVE',
    region: 'LIM',
    vrackId: 'pn-xyzzz',
    subnets: [
      {
        cidr: '10.120.0.0/16',
        displayName: null,
        vlan: null,
        serviceRange: { cidr: '10.120.0.0/29', remainingIps: 2, reservedIps: 5, usedIps: 1 },
        serviceEndpoints: [{ managedServiceURN: 'urn:v1:eu:resource:storageNetApp:f88c', endpoints: [{ description: 'Nominal', ip: '10.120.0.1' }] }],
      },
    ],
  },
  targetSpec: { subnets: [{ cidr: '10.120.0.0/16', serviceEndpoints: [{ managedServiceURN: 'urn:v1:eu:resource:storageNetApp:f88c' }], serviceRange: { cidr: '10.120.0.0/29' }, vlan: null }] },
};

describe('summarizeVrackServices', () => {
  it('shows statuses, subnet, IP accounting and endpoint IPs (the complete example of the guide, end state)', () => {
    expect(summarizeVrackServices(active)).toBe(
      [
        'vrs-a9y-v91-xnm-f5u "My_vRackServices_updated"  region LIM  vRack pn-xyzzz',
        'resourceStatus READY  productStatus ACTIVE  checksum add878be3bb736263590d03fd000b113',
        'tasks: none',
        'subnet 10.120.0.0/16  untagged',
        '  service range 10.120.0.0/29: 1 used, 2 remaining, 5 reserved (of 8)',
        '  endpoint urn:v1:eu:resource:storageNetApp:f88c → 10.120.0.1 (Nominal)',
      ].join('\n'),
    );
  });

  it('shows running tasks and a spec not applied yet', () => {
    const updating: VrackServicesWithIAM = {
      ...active,
      resourceStatus: 'UPDATING',
      currentTasks: [{ id: 't1', link: '/x', status: 'RUNNING', type: 'VrackServicesUpdate' }],
      currentState: { ...active.currentState, vrackId: null, subnets: [] },
    };
    const text = summarizeVrackServices(updating);
    expect(text).toContain('vRack (not associated)');
    expect(text).toContain('tasks: VrackServicesUpdate RUNNING (t1)');
    expect(text).toContain('subnets: none');
    expect(text).toContain('target spec not applied yet: 1 subnet(s) requested');
  });
});
