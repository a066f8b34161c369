/** No lost update: 20 parallel PUTs with the same checksum over real HTTP on loopback. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, subnet } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

describe('concurrent PUTs', () => {
  it('exactly one of 20 parallel PUTs carrying the same checksum wins; the others get 412 or 423', async () => {
    const { id } = await t.readyVrs();
    const url = await t.sim.listen({ host: '127.0.0.1', port: 0 });
    const checksum = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.checksum;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${url}/v2/vrackServices/resource/${id}`, {
          method: 'PUT',
          headers: { ...t.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ checksum, targetSpec: { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], 100 + i)] } }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { targetSpec?: { subnets: { vlan: number }[] }; class?: string } })),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect([412, 423]).toContain(r.status);
      expect(['Client::PreconditionFailed::ChecksumMismatch', 'Client::Locked::VrackServicesLocked']).toContain(r.body.class);
    }
    // The stored spec is the winner's, not a later loser's.
    await t.sim.admin.waitForReady(id, 5000);
    const g = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(g.targetSpec.subnets[0].vlan).toBe(winners[0]?.body.targetSpec?.subnets[0]?.vlan);
    expect(g.currentState.subnets[0].vlan).toBe(g.targetSpec.subnets[0].vlan);
  });
});
