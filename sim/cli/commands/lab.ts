// `vracklab up|down|status|exec|gc`: thin fronts over sim/lab. `up` in the foreground holds the lab
// until Ctrl-C; with --detach a background process holds it and other commands find it through
// its record (sim/lab/lab-registry.ts).
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../core/package-root.ts';
import {
  collectGarbage, collectRun, HarnessError, invalidInput, assertLabNotRunning, isLabProcessAlive, labStateDir, listLabRecords, readLabRecord, requireLabRecord, startLab, stopLab, waitFor,
  type LabRecord,
} from '../../cli-api.ts';
import { setHostRoutesOf, setRoutingAsDefaultOf } from '../../lab/lab-routing.ts';
import { driverNames, hostFromRecord } from '../../fabric/fabric.ts';
import { StopWaiting } from '../../core/wait.ts';
import { loadLab } from '../../topology/load.ts';
import { loadExercise } from '../../web/exercise/load-exercise.ts';
import { createWebUi, WEB_PATH } from '../../web/web-ui.ts';

/** `--driver`: a registered driver's name (the registry is the one list; see sim/fabric/drivers.ts). */
export function parseDriver(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!driverNames().includes(value)) throw invalidInput('--driver', value, 'unknown driver', driverNames());
  return value;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw invalidInput('--api-port', value, 'must be an integer port from 0 to 65535');
  return n;
}

/**
 * The lab's summary. Its API secrets are printed by `up` only (once); `status` names the 0600 record
 * that holds them, and `vracklab api --lab NAME` uses them without printing.
 */
export function printLabSummary(
  rec: Pick<LabRecord, 'name' | 'key' | 'runId' | 'driver' | 'vlanMode' | 'apiUrl' | 'credentials' | 'summary' | 'ids' | 'shares'>,
  out: (s: string) => void,
  options: { secrets?: boolean } = {},
): void {
  out(`lab ${rec.name} is up (run ${rec.runId}, driver ${rec.driver}, VLAN mode ${rec.vlanMode})`);
  out('hosts:');
  const width = Math.max(...rec.summary.map((h) => h.name.length), 4);
  for (const h of rec.summary) out(`  ${h.name.padEnd(width)}  ${h.role.padEnd(14)} ${h.addresses.join(', ')}`);
  if (Object.keys(rec.ids).length > 0) {
    out('services:');
    for (const [logical, id] of Object.entries(rec.ids)) out(`  ${logical.padEnd(width)}  ${id}`);
  }
  for (const sh of rec.shares ?? []) {
    out(`  ${sh.storage} share ${sh.share}: nfs://<endpoint IP>${sh.exportPath}  (${sh.urn})`);
  }
  out(`API: ${rec.apiUrl} (this lab's own credentials; the default dev credentials are refused)`);
  if (rec.apiUrl) out(`Web: ${rec.apiUrl}${WEB_PATH} (live view; sign in with the OAuth2 client credentials)`);
  if (options.secrets) {
    out(`  OAuth2 client credentials: ${rec.credentials.oauth2ClientId} / ${rec.credentials.oauth2ClientSecret}`);
    out(`  AK/AS/CK: ${rec.credentials.applicationKey} / ${rec.credentials.applicationSecret} / ${rec.credentials.consumerKey}`);
  } else {
    out(`  OAuth2 client id: ${rec.credentials.oauth2ClientId}; secrets in ${join(labStateDir(), `${rec.key}.json`)} (mode 0600)`);
  }
  out(`  try: vracklab api get /v2/vrackServices/resource --lab ${rec.name}`);
}

/** The lab of `exec`/`routes`: its hosts' PIDs are only trusted while the lab's own process runs (no reused PID). */
async function requireLiveLab(name: string): Promise<LabRecord> {
  const rec = await requireLabRecord(name);
  if (!isLabProcessAlive(rec)) {
    throw new HarnessError('LAB_NOT_RUNNING', `lab ${name} is not running (its process ${rec.pid} is gone or was replaced): its host PIDs are not trusted; run vracklab down ${name}`, {
      details: { name, pid: rec.pid },
    });
  }
  return rec;
}

export function registerLabCommands(program: Command): void {
  program
    .command('up')
    .description('build a lab from a lab file and serve its vRack Services API')
    .argument('<file>', 'a lab file, e.g. topologies/vrack-services.lab.yml')
    .option('--driver <driver>', `how hosts are made: ${driverNames().join(' | ')} (default: the lab file's, else docker)`)
    .option('--api-port <port>', 'port of the simulator on 127.0.0.1 (default 8080; 0 = any free port)')
    .option('--detach', 'leave the lab running in the background and return')
    .option('--exercise <file>', 'a guided exercise for this lab (e.g. topologies/vrack-services.exercise.yml), shown on the web page')
    .option('--_daemon', '(internal) the background process of --detach')
    .action(async (file: string, opts: { driver?: string; apiPort?: string; detach?: boolean; exercise?: string; _daemon?: boolean }) => {
      const driver = parseDriver(opts.driver);
      const apiPort = parsePort(opts.apiPort) ?? 8080;
      const exercise = opts.exercise ? resolve(opts.exercise) : undefined;
      if (opts.detach) {
        await upDetached(resolve(file), driver, apiPort, exercise);
        return;
      }
      await upForeground(resolve(file), driver, apiPort, Boolean(opts._daemon), exercise);
    });

  program
    .command('down')
    .description('tear a lab down (every container, namespace, link, bridge and rule of its run)')
    .argument('[name]', 'the lab name (the lab file\'s name:)')
    .option('--all', 'every running lab')
    .action(async (name: string | undefined, opts: { all?: boolean }) => {
      if (!name && !opts.all) throw invalidInput('lab name', name ?? '', 'give a lab name or --all', (await listLabRecords()).map((r) => r.name));
      const records = opts.all ? await listLabRecords() : [await requireLabRecord(name!)];
      for (const rec of records) {
        await stopLab(rec);
        process.stdout.write(`lab ${rec.name} is down (run ${rec.runId})\n`);
      }
      if (opts.all) {
        const { removed } = await collectGarbage();
        if (removed.length > 0) process.stdout.write(`also removed leftovers: ${removed.join(', ')}\n`);
      }
    });

  program
    .command('status')
    .description('running labs, their hosts, addresses and API')
    .argument('[name]', 'one lab')
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const records = name ? [await requireLabRecord(name)] : await listLabRecords();
      const view = records.map((r) => ({ ...r, alive: isLabProcessAlive(r) }));
      if (opts.json) {
        // Root reads the record anyway; --json keeps the secrets out of logs all the same.
        const redacted = view.map((r) => ({ ...r, credentials: { oauth2ClientId: r.credentials.oauth2ClientId, secretsIn: join(labStateDir(), `${r.key}.json`) } }));
        process.stdout.write(JSON.stringify(name ? redacted[0] : redacted, null, 2) + '\n');
        return;
      }
      if (view.length === 0) process.stdout.write('no lab is running\n');
      for (const r of view) {
        printLabSummary(r, (s) => process.stdout.write(s + '\n'));
        if (!r.alive) process.stdout.write(`  warning: its process ${r.pid} is gone; run vracklab down ${r.name} or vracklab gc\n`);
      }
    });

  program
    .command('exec')
    .description('run a command in a lab host; exits with its exit code')
    .argument('<lab>', 'the lab name')
    .argument('<host>', 'the host name in the lab file')
    .argument('<command...>', 'the command (after --)')
    .action(async (labName: string, hostName: string, command: string[]) => {
      const rec = await requireLiveLab(labName);
      const record = rec.hosts.find((h) => h.name === hostName);
      if (!record) throw invalidInput('host', hostName, `no such host in lab ${labName}`, rec.hosts.map((h) => h.name));
      const result = await hostFromRecord(record).exec(command, { allowFailure: true });
      if (result.stdout) process.stdout.write(result.stdout + (result.stdout.endsWith('\n') ? '' : '\n'));
      if (result.stderr) process.stderr.write(result.stderr + (result.stderr.endsWith('\n') ? '' : '\n'));
      process.exitCode = result.exitCode;
    });

  program
    .command('routes')
    .description("flip a running lab's routing fixes (OVHcloud guide \"Communicating between different private networks\"): DHCP host routes, or privateNetworkRoutingAsDefault")
    .argument('<lab>', 'the lab name')
    .option('--host-routes <network=on|off...>', 'DHCP host routes of a private network, e.g. priv-net-01=on')
    .option('--routing-as-default <cluster=GATEWAY|off>', 'privateNetworkRoutingAsDefault on a cluster, e.g. mks1=10.0.1.1')
    .action(async (labName: string, opts: { hostRoutes?: string[]; routingAsDefault?: string }) => {
      const rec = await requireLiveLab(labName);
      if (!opts.hostRoutes && !opts.routingAsDefault) throw invalidInput('routes options', '', 'give --host-routes and/or --routing-as-default', ['--host-routes priv-net-01=on', '--routing-as-default mks1=10.0.1.1']);
      for (const item of opts.hostRoutes ?? []) {
        const m = /^([^=]+)=(on|off)$/.exec(item);
        if (!m) throw invalidInput('--host-routes', item, 'expected NETWORK=on or NETWORK=off', ['priv-net-01=on', 'priv-net-02=off']);
        const hosts = await setHostRoutesOf(rec, m[1]!, m[2] === 'on');
        process.stdout.write(`host routes of ${m[1]}: ${m[2]} for ${hosts.join(', ') || 'no host'}\n`);
      }
      if (opts.routingAsDefault) {
        const m = /^([^=]+)=(off|\d+\.\d+\.\d+\.\d+)$/.exec(opts.routingAsDefault);
        if (!m) throw invalidInput('--routing-as-default', opts.routingAsDefault, 'expected CLUSTER=GATEWAY_IP or CLUSTER=off', ['mks1=10.0.1.1', 'mks1=off']);
        const nodes = await setRoutingAsDefaultOf(rec, m[1]!, m[2] === 'off' ? null : m[2]!);
        process.stdout.write(`routing as default: ${m[2] === 'off' ? 'off' : `via ${m[2]}`} for ${nodes.join(', ')}\n`);
      }
    });

  program
    .command('gc')
    .description('remove what crashed runs left: containers (containerlab\'s too), namespaces, links, bridges, firewall rules, stale records; with RUNID, only that run\'s')
    .argument('[runId]', 'one run (6 letters or digits, as `vracklab status` shows it)')
    .action(async (runId: string | undefined) => {
      const { removed } = runId === undefined ? await collectGarbage() : await collectRun(runId);
      process.stdout.write(removed.length === 0 ? 'gc: nothing to remove\n' : `gc: removed ${removed.length}: ${removed.join(', ')}\n`);
    });
}

async function upForeground(file: string, driver: string | undefined, apiPort: number, daemon: boolean, exerciseFile?: string): Promise<void> {
  const out = (s: string) => process.stdout.write(s + '\n');
  // The exercise is checked against the lab file before anything is built.
  const exercise = exerciseFile ? await loadExercise(exerciseFile, await loadLab(file)) : undefined;
  const web = createWebUi(exercise ? { exercise } : {});
  const abort = new AbortController();
  const onSignal = () => abort.abort(new HarnessError('INTERRUPTED', 'interrupted by a signal while building the lab'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const lab = await startLab(
    { file },
    { driver, apiPort, apiHost: '127.0.0.1', signal: abort.signal, onProgress: (msg) => out(`… ${msg}`), register: true, api: web.api },
  );
  web.bind(lab);
  const rec = await requireLabRecord(lab.name);
  printLabSummary(rec, out, { secrets: !daemon });
  out(daemon ? `held by process ${process.pid}; vracklab down ${lab.name} stops it` : 'press Ctrl-C to tear the lab down');
  await new Promise<void>((resolveWait) => {
    if (abort.signal.aborted) return resolveWait();
    abort.signal.addEventListener('abort', () => resolveWait(), { once: true });
  });
  out(`tearing lab ${lab.name} down…`);
  await web.close();
  await lab.stop();
  out(`lab ${lab.name} is down`);
}

async function upDetached(file: string, driver: string | undefined, apiPort: number, exercise?: string): Promise<void> {
  const lab = await loadLab(file); // refuse a bad file here, in the user's terminal, before forking
  if (exercise) await loadExercise(exercise, lab);
  await assertLabNotRunning(lab.name);
  const logPath = join(labStateDir(), `${lab.name}.log`);
  mkdirSync(labStateDir(), { recursive: true });
  // 0600: the lab's log is root's (the daemon prints no secrets into it, but hosts' output lands there).
  const log = openSync(logPath, 'w', 0o600);
  // The package's own entry (it picks dist/ or the sources as it does for the user's call).
  const bin = join(packageRoot(), 'bin/vracklab.js');
  const args = [bin, 'up', file, '--api-port', String(apiPort), '--_daemon', ...(driver ? ['--driver', driver] : []), ...(exercise ? ['--exercise', exercise] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: process.env });
  child.unref();
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  const rec = await waitFor(
    async () => {
      // A daemon that died will never come up: stop waiting now, not after the 600 s timeout.
      if (exited !== null) throw new StopWaiting(new HarnessError('LAB_FAILED', `the lab process exited with code ${exited} while building`));
      const r = await readLabRecord(lab.name);
      return r && r.pid === child.pid && r.state === 'up' ? r : undefined;
    },
    { what: `lab ${lab.name} to be up`, timeoutMs: 600_000, intervalMs: 200 },
  ).catch((err: unknown) => {
    const tail = readFileSync(logPath, 'utf8').split('\n').slice(-25).join('\n');
    throw new HarnessError('LAB_FAILED', `lab ${lab.name} did not come up: ${(err as Error).message}\n--- ${logPath} ---\n${tail}`, { cause: err });
  });
  printLabSummary(rec, (s) => process.stdout.write(s + '\n'), { secrets: true });
  process.stdout.write(`running in the background (pid ${rec.pid}, log ${logPath}); vracklab down ${rec.name} stops it\n`);
}
