/**
 * `--state FILE`: restart, kill -9 of a real child process, corrupt files refused, in-flight tasks
 * resumed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../core/wait.ts';
import { DEV_CREDENTIALS } from './credentials.ts';
import { createSimulator } from './simulator.ts';
import { startTestSim, subnet } from './test-support.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vracklab-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('state persistence', () => {
  it('survives a restart: resources, checksum, endpoints and vRack association', async () => {
    const statePath = join(dir, 'state.json');
    const a = await startTestSim({ statePath, profile: '2025-10' });
    const { id, vrack } = await a.readyVrs();
    const urn = await a.efs();
    expect((await a.apply(id, { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] })).status).toBe(200);
    const before = (await a.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    await a.close();

    const b = await startTestSim({ statePath, profile: '2025-10' });
    const after = (await b.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(after).toEqual(before);
    expect((await b.req('GET', `/1.0/vrack/${vrack}/vrackServices`)).json).toEqual([id]);
    // A data plane bound after the restart receives the live endpoints again.
    b.sim.setDataPlane(b.dp);
    await b.sim.dataPlaneReady();
    expect([...b.dp.live.values()].map((e) => e.ip)).toEqual(['10.0.0.1']);
    await b.close();
  });

  it('resumes a task that was in flight when the simulator stopped', async () => {
    const statePath = join(dir, 'state.json');
    const a = await startTestSim({ statePath });
    const { id } = await a.readyVrs();
    a.sim.admin.setTimings({ taskPendingMs: 60_000 });
    const cur = (await a.req('GET', `/v2/vrackServices/resource/${id}`)).json.checksum;
    expect((await a.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: cur, targetSpec: { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29')] } })).status).toBe(200);
    await a.close();
    const saved = JSON.parse(await readFile(statePath, 'utf8'));
    expect(saved.tasks[0].status).toBe('PENDING');

    const b = await startTestSim({ statePath });
    await b.sim.admin.waitForReady(id, 5000);
    const g = (await b.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(g.currentState.subnets).toHaveLength(1);
    expect((await b.req('GET', `/v2/vrackServices/resource/${id}/task`)).json[0].status).toBe('DONE');
    await b.close();
  });

  it('refuses a corrupt state file, naming it, and leaves it untouched', async () => {
    const statePath = join(dir, 'broken.json');
    await writeFile(statePath, '{"version":1,"vracks":[');
    await expect(createSimulator({ statePath })).rejects.toThrow(`cannot load simulator state: the file is not valid JSON, refusing to overwrite it (file ${statePath}; move it away or fix it)`);
    expect(await readFile(statePath, 'utf8')).toBe('{"version":1,"vracks":[');
    await writeFile(statePath, '{"hello":"world"}');
    await expect(createSimulator({ statePath })).rejects.toThrow(/not a vracklab state document .*file .*broken\.json/);
  });

  it('survives kill -9 of a real `vracklab api serve --state` process', { timeout: 60_000 }, async () => {
    const statePath = join(dir, 'state.json');
    const serve = async (): Promise<{ child: ChildProcess; url: string }> => {
      const child = spawn(process.execPath, ['bin/vracklab.js', 'api', 'serve', '--port', '0', '--timings', 'fast', '--profile', '2025-10', '--state', statePath], { stdio: ['ignore', 'pipe', 'pipe'] });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no "listening on" within 20 s: ${out}`)), 20_000);
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      return { child, url };
    };
    const token = async (url: string) => {
      const r = await fetch(`${url}/auth/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${DEV_CREDENTIALS.oauth2ClientId}&client_secret=${DEV_CREDENTIALS.oauth2ClientSecret}&scope=all` });
      return { authorization: `Bearer ${((await r.json()) as { access_token: string }).access_token}`, 'content-type': 'application/json' };
    };
    const killed = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

    const first = await serve();
    try {
      const h = await token(first.url);
      const created = (await (await fetch(`${first.url}/lab/vrackServices`, { method: 'POST', headers: h, body: JSON.stringify({ region: 'eu-west-rbx' }) })).json()) as { id: string };
      const g = await waitFor(async () => {
        const json = (await (await fetch(`${first.url}/v2/vrackServices/resource/${created.id}`, { headers: h })).json()) as { resourceStatus: string; checksum: string };
        return json.resourceStatus === 'READY' ? json : undefined;
      }, { what: `${created.id} to be delivered (READY)`, timeoutMs: 5000, intervalMs: 20 });
      const put = await fetch(`${first.url}/v2/vrackServices/resource/${created.id}`, {
        method: 'PUT',
        headers: h,
        body: JSON.stringify({ checksum: g.checksum, targetSpec: { subnets: [subnet('192.168.1.0/24', '192.168.1.0/29', [], 12)] } }),
      });
      expect(put.status).toBe(200);
      const acknowledged = ((await put.json()) as { checksum: string }).checksum;
      // The PUT was answered, so it is on disk: kill -9 right now must not lose it.
      first.child.kill('SIGKILL');
      await killed(first.child);

      const second = await serve();
      try {
        const h2 = await token(second.url);
        const after = (await (await fetch(`${second.url}/v2/vrackServices/resource/${created.id}`, { headers: h2 })).json()) as { checksum: string; targetSpec: unknown };
        expect(after.checksum).toBe(acknowledged);
        expect(after.targetSpec).toEqual({ subnets: [subnet('192.168.1.0/24', '192.168.1.0/29', [], 12)] });
      } finally {
        second.child.kill('SIGTERM');
        await killed(second.child);
      }
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    }
  });
});
