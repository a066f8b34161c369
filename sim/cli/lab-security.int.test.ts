/**
 * Issue 8 end to end, through the `vracklab` binary (netns driver): a lab's API belongs to its user
 * (per-lab credentials, 0600 record, the dev credentials refused), `down` and `gc` touch only what is
 * provably ours (a standard `vlan1000`, another tool's `vlanprod`, look-alikes without our marker and a
 * process with a reused PID all survive, each deletion names its proof), lab bridges and veth ends
 * have no IPv6 link-local, and the EFS data sits on the run's own 0700 tmpfs, gone after `down`.
 * Records and data go to private directories; leases stay the machine's, so other labs are spared.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS } from '../api/credentials.ts';
import { createClient } from '../client/client.ts';
import { newRunId } from '../core/run-id.ts';
import { leaseDir, releaseLease, takeLease } from '../fabric/run-lease.ts';
import { netnsUnavailableReason } from '../probe/testing/netns-pair.ts';

const base = mkdtempSync(join(tmpdir(), 'vracklab-sec-'));
const stateDir = join(base, 'labs');
const dataDir = join(base, 'data');
const env = { ...process.env, VRACKLAB_STATE_DIR: stateDir, VRACKLAB_DATA_DIR: dataDir, DEBUG: 'vracklab:gc' };
const vracklab = (...args: string[]) => execa(process.execPath, ['bin/vracklab.js', ...args], { env, reject: false, timeout: 300_000 });
const sh = (cmd: string) => execa('sh', ['-c', cmd], { reject: false });
const API_PORT = '19211';

const reason = await netnsUnavailableReason();
if (reason) console.warn(`lab-security.int.test skipped: ${reason}`);

/** Objects of nobody's lab, made by this test: they must survive every down and gc. */
const foreign = {
  vlanLink: 'vlan1000',
  netns: 'vlanprod',
  // Our name grammar, another run id, no marker and no lease: a look-alike.
  lookAlikeRun: newRunId(),
};
/** Leftovers of a "crashed" run of ours, marked as the fabric marks them, with a lease naming a dead PID. */
const crashed = newRunId();

describe.skipIf(reason !== undefined)('vracklab up/down/gc on a shared machine (netns driver)', () => {
  let up: Awaited<ReturnType<typeof vracklab>>;
  let runId: string;

  /**
   * Other helpers' test runs on this machine call the OLD global gc (each cucumber worker's
   * BeforeAll), which deletes exactly these objects (the bug under test). So they are (re)made right
   * before each command under test, and the decisive check is that OUR command's output (its removed
   * list and DEBUG proof lines) never names them; their survival is checked as well.
   */
  const makeForeign = async () => {
    const setup = [
      // A veth pair (no dummy module here), both ends up: it has a carrier, so the kernel gives it a link-local.
      `ip link show dev ${foreign.vlanLink} >/dev/null 2>&1 || { ip link add ${foreign.vlanLink} type veth peer name ${foreign.vlanLink}p && ip link set ${foreign.vlanLink}p up && ip link set ${foreign.vlanLink} up; }`,
      `ip netns list | grep -qx ${foreign.netns} || ip netns add ${foreign.netns}`,
      `ip link show dev vl${foreign.lookAlikeRun}b0 >/dev/null 2>&1 || ip link add vl${foreign.lookAlikeRun}b0 type bridge`,
      `ip netns list | grep -q '^vl${foreign.lookAlikeRun}-h1' || ip netns add vl${foreign.lookAlikeRun}-h1`,
    ];
    for (const cmd of setup) expect((await sh(cmd)).exitCode, cmd).toBe(0);
  };
  /** A crashed run's leftovers, marked as the fabric marks them; its lease is live until the gc under test. */
  const makeCrashed = async () => {
    writeFileSync(join(leaseDir(), crashed), `${process.pid}\n`);
    for (const cmd of [
      `ip link show dev vl${crashed}b0 >/dev/null 2>&1 || { ip link add vl${crashed}b0 type bridge && ip link set dev vl${crashed}b0 alias vracklab:${crashed}; }`,
      `ip netns list | grep -q '^vl${crashed}-h1' || { ip netns add vl${crashed}-h1 && ip -n vl${crashed}-h1 link set lo alias vracklab:${crashed}; }`,
    ])
      expect((await sh(cmd)).exitCode, cmd).toBe(0);
  };
  const notNamed = (out: string) => {
    for (const name of [foreign.vlanLink, foreign.netns, `vl${foreign.lookAlikeRun}b0 `, `link vl${foreign.lookAlikeRun}b0`, `netns vl${foreign.lookAlikeRun}-h1`, `removing link vl${foreign.lookAlikeRun}`]) expect(out).not.toContain(name);
  };
  const survived = async (names: { links: string[]; namespaces: string[] }) => {
    const links = (await sh('ip -o link show')).stdout;
    const namespaces = (await sh('ip netns list')).stdout;
    for (const survivor of names.links) expect(links).toMatch(new RegExp(` ${survivor}[:@]`));
    for (const survivor of names.namespaces) expect(namespaces).toContain(survivor);
  };

  /**
   * The OLD gc (other worktrees' cucumber workers run it at start, several times a minute here)
   * reads `vlan1000` as run `an1000` and `vlanprod` as `anprod`: live leases on those ids keep it
   * off them. Our gc never reads these names as ours (full grammar), lease or not: the checks below
   * do not depend on these leases (the unit tests show a prefix grammar going red without them).
   */
  const shieldFromOldGc = ['an1000', 'anprod'];

  beforeAll(async () => {
    for (const id of shieldFromOldGc) takeLease(id);
    expect((await sh(`ip link show dev ${foreign.vlanLink}`)).exitCode, `${foreign.vlanLink} already exists on this machine: pick another name`).not.toBe(0);
    await makeForeign();
    up = await vracklab('up', 'topologies/vrack-services.lab.yml', '--detach', '--driver', 'netns', '--api-port', API_PORT);
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
    runId = /\(run ([a-z0-9]{6}),/.exec(up.stdout)?.[1] as string;
    expect(runId).toMatch(/^[a-z0-9]{6}$/);
  }, 300_000);

  afterAll(async () => {
    for (const id of shieldFromOldGc) releaseLease(id);
    await vracklab('down', 'vrack-services');
    await sh(`ip link del ${foreign.vlanLink}; ip netns del ${foreign.netns}; ip link del vl${foreign.lookAlikeRun}b0; ip netns del vl${foreign.lookAlikeRun}-h1; ip link del vl${crashed}b0; ip netns del vl${crashed}-h1; umount ${dataDir}/${crashed} 2>/dev/null; rm -f ${leaseDir()}/${crashed}`);
    rmSync(base, { recursive: true, force: true });
  }, 300_000);

  it('prints per-lab credentials once; the record holding them is 0600; the dev credentials get 401, the printed ones work', async () => {
    const id = /OAuth2 client credentials: (\S+) \/ (\S+)/.exec(up.stdout);
    expect(id).not.toBeNull();
    const [, clientId, clientSecret] = id as RegExpExecArray;
    expect(clientId).not.toBe(DEV_CREDENTIALS.oauth2ClientId);
    expect(statSync(join(stateDir, 'vrack-services.json')).mode & 0o777).toBe(0o600);
    const apiUrl = `http://127.0.0.1:${API_PORT}`;
    const dev = await createClient({ endpoint: apiUrl, clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret }).request('GET', '/v2/vrackServices/resource').catch((e: { status?: number }) => e);
    expect((dev as { status?: number }).status).toBe(401);
    const own = await createClient({ endpoint: apiUrl, clientId: clientId as string, clientSecret: clientSecret as string }).request('GET', '/v2/vrackServices/resource');
    expect(own.status).toBe(200);
    // `vracklab api --lab NAME` takes them from the record; `status` does not print the secrets.
    const viaLab = await vracklab('api', 'get', '/v2/vrackServices/resource', '--lab', 'vrack-services');
    expect(viaLab.exitCode, viaLab.stderr).toBe(0);
    expect((await vracklab('status', 'vrack-services')).stdout).not.toContain(clientSecret as string);
    // Loopback only.
    expect((await sh(`ss -Hltn 'sport = :${API_PORT}'`)).stdout).toMatch(/127\.0\.0\.1:19211/);
  });

  it('gives the machine no IPv6 link-local on lab bridges and veth ends (a dummy link up gets one: positive control)', async () => {
    await makeForeign();
    const addrs = (await sh('ip -6 -o addr show scope link')).stdout;
    expect(addrs).toContain(` ${foreign.vlanLink} `);
    const labLinks = (await sh(`ip -o link show | grep -o 'vl${runId}[bv][0-9]*'`)).stdout.split('\n').filter(Boolean);
    expect(labLinks.length).toBeGreaterThan(3);
    for (const link of labLinks) expect(addrs).not.toContain(` ${link} `);
  });

  it('keeps EFS data on the run’s own 0700 nosuid tmpfs', async () => {
    const mount = (await sh(`grep ' ${dataDir}/${runId} ' /proc/self/mountinfo`)).stdout;
    expect(mount).toMatch(new RegExp(`nosuid,nodev.* - tmpfs vracklab-${runId} .*mode=700`));
  });

  it('does not signal a recorded PID that was reused by another process', async () => {
    const bystander = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      const rec = JSON.parse(readFileSync(join(stateDir, 'vrack-services.json'), 'utf8')) as Record<string, unknown>;
      // A crashed lab whose PID now belongs to `sleep`: same PID, another start time.
      writeFileSync(join(stateDir, 'reused.json'), JSON.stringify({ ...rec, name: 'reused', key: 'reused', runId: newRunId(), pid: bystander.pid, pidStartTime: '1', apiUrl: '' }), { mode: 0o600 });
      const down = await vracklab('down', 'reused');
      expect(down.exitCode, down.stderr).toBe(0);
      expect((await sh(`kill -0 ${bystander.pid}`)).exitCode, 'the bystander was killed').toBe(0);
      expect(bystander.signalCode).toBeNull();
      expect(down.stderr).toMatch(new RegExp(`not signalling pid ${bystander.pid}: it is not lab reused process`));
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  it('refuses a second up of a running lab instead of overwriting its record', async () => {
    const before = readFileSync(join(stateDir, 'vrack-services.json'), 'utf8');
    const again = await execa(process.execPath, ['bin/vracklab.js', 'up', 'topologies/vrack-services.lab.yml', '--driver', 'netns', '--api-port', '19212'], { env, reject: false, timeout: 60_000 });
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr).toMatch(/lab vrack-services is already running \(run [a-z0-9]{6}, pid \d+\); vracklab down vrack-services first/);
    expect(readFileSync(join(stateDir, 'vrack-services.json'), 'utf8')).toBe(before);
  }, 120_000);

  it('down removes the lab’s own objects, naming each proof, and nothing else', async () => {
    await makeForeign();
    await makeCrashed();
    const down = await vracklab('down', 'vrack-services');
    expect(down.exitCode, down.stderr).toBe(0);
    await survived({ links: [foreign.vlanLink, `vl${foreign.lookAlikeRun}b0`, `vl${crashed}b0`], namespaces: [foreign.netns, `vl${foreign.lookAlikeRun}-h1`, `vl${crashed}-h1`] });
    notNamed(down.stdout + down.stderr);
    expect(down.stderr).not.toContain(crashed);
    expect(down.stderr).toMatch(/signalling lab vrack-services process \d+: proof start time \d+ as recorded/);
    const links = (await sh('ip -o link show')).stdout;
    const namespaces = (await sh('ip netns list')).stdout;
    expect(links).not.toMatch(new RegExp(`vl${runId}`));
    expect(namespaces).not.toMatch(new RegExp(`vl${runId}`));
    expect((await sh(`grep -c vracklab-${runId} /proc/self/mountinfo`)).stdout.trim()).toBe('0');
  }, 300_000);

  it('gc reaps a crashed run’s marked objects with their proof, and spares vlan1000, vlanprod and unmarked look-alikes', async () => {
    await makeForeign();
    await makeCrashed();
    // Its run-data tmpfs, as a lab mounts it (source vracklab-<run id> at <data dir>/<run id>).
    expect((await sh(`mkdir -p ${dataDir}/${crashed} && mount -t tmpfs -o mode=0700,nosuid,nodev,size=1m vracklab-${crashed} ${dataDir}/${crashed}`)).exitCode).toBe(0);
    // Now the crashed run's lease names a PID that cannot exist.
    writeFileSync(join(leaseDir(), crashed), '999999999 1\n');
    const gc = await vracklab('gc');
    expect(gc.exitCode, gc.stderr).toBe(0);
    expect(gc.stderr, gc.stdout).toMatch(new RegExp(`removing netns vl${crashed}-h1 \\(and killing its processes\\): proof marker vracklab:${crashed}`));
    expect(gc.stderr).toMatch(new RegExp(`removing link vl${crashed}b0: proof marker vracklab:${crashed}`));
    expect(gc.stderr).toMatch(new RegExp(`unmounting run data ${dataDir}/${crashed}: proof tmpfs source vracklab-${crashed}`));
    expect((await sh(`grep -c ' vracklab-${crashed} ' /proc/self/mountinfo`)).stdout.trim()).toBe('0');
    expect(gc.stderr).toMatch(new RegExp(`sparing link vl${foreign.lookAlikeRun}b0: name of run ${foreign.lookAlikeRun} but no marker`));
    notNamed(gc.stdout + gc.stderr.replace(/sparing [^\n]*/g, ''));
    const links = (await sh('ip -o link show')).stdout;
    expect(links).not.toContain(`vl${crashed}b0:`);
    expect((await sh('ip netns list')).stdout).not.toContain(`vl${crashed}-h1`);
    await survived({ links: [foreign.vlanLink, `vl${foreign.lookAlikeRun}b0`], namespaces: [foreign.netns, `vl${foreign.lookAlikeRun}-h1`] });
  }, 300_000);
});
