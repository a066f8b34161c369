// `vracklab up|down|status|exec|gc`: thin fronts over sim/lab. `up` in the foreground holds the lab
// until Ctrl-C; with --detach a background process holds it and other commands find it through
// its record (sim/lab/lab-registry.ts).
// Only light modules are imported here (commander, the lab records, errors): `vracklab status` runs
// on them alone. Each action loads what it needs (the lab runner, the fabric, gc) when it runs.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { HarnessError, invalidInput } from '../../core/errors.ts';
import { driverNames } from '../../fabric/driver.ts';
import { isLabProcessAlive, labStateDir, listLabRecords, requireLabRecord, type LabRecord } from '../../lab/lab-registry.ts';
import { WEB_PATH } from '../../web/web-path.ts';

/** The built-in drivers join the registry (sim/fabric/drivers.ts): before a --driver is checked or listed. */
export const loadDrivers = (): Promise<unknown> => import('../../fabric/drivers.ts');

/** `--driver`: a registered driver's name (the registry is the one list; see sim/fabric/drivers.ts, loaded by loadDrivers). */
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
      await loadDrivers();
      const driver = parseDriver(opts.driver);
      const apiPort = parsePort(opts.apiPort) ?? 8080;
      const exercise = opts.exercise ? resolve(opts.exercise) : undefined;
      if (opts.detach) {
        const { upDetached } = await import('./lab-detach.ts');
        await upDetached(resolve(file), driver, apiPort, exercise);
        return;
      }
      const { upForeground } = await import('./lab-up.ts');
      await upForeground(resolve(file), driver, apiPort, Boolean(opts._daemon), exercise);
    });

  program
    .command('down')
    .description('tear a lab down (every container, namespace, link, bridge and rule of its run)')
    .argument('[name]', 'the lab name (the lab file\'s name:)')
    .option('--all', 'every running lab')
    .action(async (name: string | undefined, opts: { all?: boolean }) => {
      if (!name && !opts.all) throw invalidInput('lab name', name ?? '', 'give a lab name or --all', (await listLabRecords()).map((r) => r.name));
      const { collectGarbage, stopLab } = await import('../../lab/lab-stop.ts');
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
      const { hostFromRecord } = await import('../../fabric/fabric.ts');
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
      const { setHostRoutesOf, setRoutingAsDefaultOf } = await import('../../lab/lab-routing.ts');
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
      const { collectGarbage, collectRun } = await import('../../lab/lab-stop.ts');
      const { removed } = runId === undefined ? await collectGarbage() : await collectRun(runId);
      process.stdout.write(removed.length === 0 ? 'gc: nothing to remove\n' : `gc: removed ${removed.length}: ${removed.join(', ')}\n`);
    });
}

