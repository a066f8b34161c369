// The containerlab driver's topology: containerlab's own schema accepts it, and each node carries
// what the docker driver gives a container (image, capabilities, sysctls, volumes, labels).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hostTopology } from './host-topology.ts';

const clabSchema = JSON.parse(readFileSync(new URL('./schema/clab.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(clabSchema);

describe('hostTopology', () => {
  const yaml = hostTopology(
    { runId: 'abc123', labName: 'demo' },
    'vracklab-demo-abc123',
    [
      { name: 'bm1', image: 'host' },
      { name: 'efs-lim', image: 'efs', capAdd: ['SYS_ADMIN', 'NET_ADMIN'], sysctls: { 'net.ipv4.conf.all.arp_notify': '1' }, volumes: [{ source: '/run/vracklab/data/abc123/efs-lim', target: '/run/vracklab/data/abc123/efs-lim' }] },
    ],
    new Map([['host', 'vracklab/host:111'], ['efs', 'vracklab/efs:222']]),
  );
  const doc = parse(yaml) as { name: string; mgmt: unknown; topology: { nodes: Record<string, Record<string, unknown>>; links?: unknown } };

  it('validates against clab.schema.json, with no management network and no links (the fabric plumbs the NICs)', () => {
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(doc.name).toBe('vracklab-demo-abc123');
    expect(doc.mgmt).toEqual({ 'skip-when-unused': true, 'external-access': false });
    expect(doc.topology.links).toBeUndefined();
  });

  it('gives each host its image tag, capabilities (deduplicated), sysctls, bind mounts and our labels', () => {
    expect(doc.topology.nodes['bm1']).toEqual({
      kind: 'linux', image: 'vracklab/host:111', 'network-mode': 'none', privileged: false, 'image-pull-policy': 'never', 'cap-add': ['NET_ADMIN', 'NET_RAW'],
      labels: { 'vracklab.run-id': 'abc123', 'vracklab.lab': 'demo', 'vracklab.host': 'bm1' },
    });
    expect(doc.topology.nodes['efs-lim']).toMatchObject({
      image: 'vracklab/efs:222', 'cap-add': ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'], sysctls: { 'net.ipv4.conf.all.arp_notify': '1' },
      binds: ['/run/vracklab/data/abc123/efs-lim:/run/vracklab/data/abc123/efs-lim'],
    });
  });
});
