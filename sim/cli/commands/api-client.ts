/**
 * `vracklab api get|put|post|delete PATH` — a curl for the vRack Services API (simulator or real
 * OVHcloud endpoint) with authentication done for you — and two training-lab helpers:
 * `vracklab api wait-ready VRS_ID` and `vracklab api status VRS_ID`.
 * Handlers take an injected client factory and output sink so they are unit-testable.
 */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import {
  addEndpoints, addSubnet, ApiError, configFromEnv, createClient, DEV_CREDENTIALS, HarnessError, invalidInput, isHarnessError, labApiConnection, parseDuration,
  resolveEndpoint, summarizeVrackServices, type ClientConfig, type VrackServicesClient,
} from '../../cli-api.ts';

/** The simulator's development OAuth2 client, used when no credential is given. */
export const SIMULATOR_DEV_OAUTH2 = { clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret } as const;

export interface ConnectionOptions {
  endpoint?: string;
  clientId?: string;
  clientSecret?: string;
  applicationKey?: string;
  applicationSecret?: string;
  consumerKey?: string;
  accessToken?: string;
  raw?: boolean;
  /** A running lab: its API URL and its own credentials, from its 0600 record. */
  lab?: string;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Sets the process exit code (the command does not exit by itself). */
  fail(code: number): void;
}

export interface ApiClientDeps {
  env?: Record<string, string | undefined>;
  io?: CliIo;
  makeClient?: (config: ClientConfig) => VrackServicesClient;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  fail: (code) => {
    process.exitCode = code;
  },
};

/** The endpoint variables alone: with credentials from flags, the OVH_* ones are not used (nor refused). */
const onlyEndpoints = (env: Record<string, string | undefined>) => ({ OVH_ENDPOINT: env.OVH_ENDPOINT, VRACKLAB_API: env.VRACKLAB_API });

/**
 * Flags win over the environment; with no credential at all against a non-OVHcloud endpoint, the
 * simulator's dev OAuth2 client is used so `vracklab api get ...` just works in a lab.
 */
export function connectionConfig(opts: ConnectionOptions, env: Record<string, string | undefined> = process.env): ClientConfig {
  const fromFlags: Partial<ClientConfig> = {};
  for (const k of ['endpoint', 'clientId', 'clientSecret', 'applicationKey', 'applicationSecret', 'consumerKey', 'accessToken'] as const) {
    if (opts[k] !== undefined) fromFlags[k] = opts[k];
  }
  const flagCreds = Object.keys(fromFlags).some((k) => k !== 'endpoint');
  // Credentials come from one place: flags if any were given, else the environment.
  // An --endpoint flag is explicit: configFromEnv then lets OVH_* credentials go to it.
  const endpointOverride = fromFlags.endpoint !== undefined ? { endpoint: fromFlags.endpoint } : {};
  const base = flagCreds ? { endpoint: configFromEnv(onlyEndpoints(env), endpointOverride).endpoint } : configFromEnv(env, endpointOverride);
  const config: ClientConfig = { ...base, ...fromFlags };
  const hasCreds = ['clientId', 'clientSecret', 'applicationKey', 'applicationSecret', 'consumerKey', 'accessToken'].some((k) => config[k as keyof ClientConfig] !== undefined);
  // A lab's API takes only that lab's credentials: --lab NAME, or an endpoint that is a running lab's URL.
  const lab = opts.lab !== undefined ? labApiConnection({ name: opts.lab }) : !hasCreds ? labApiConnection({ endpoint: config.endpoint }) : undefined;
  if (lab && !flagCreds) return { endpoint: lab.apiUrl, clientId: lab.credentials.oauth2ClientId, clientSecret: lab.credentials.oauth2ClientSecret };
  if (!hasCreds && !resolveEndpoint(config.endpoint).ovhcloud) Object.assign(config, SIMULATOR_DEV_OAUTH2);
  return config;
}

/** CLI durations: `500ms`, `60s`, `2m`, or a bare number of seconds. */
const parseDurationMs = (text: string, what: string): number => parseDuration(text, what, { bareUnit: 's' });

function parseQuery(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw invalidInput('--query', p, 'must be KEY=VALUE', ['serviceFamily=vrackServices']);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export async function readBody(opts: { data?: string; dataFile?: string }): Promise<unknown> {
  if (opts.data !== undefined && opts.dataFile !== undefined) throw invalidInput('request body', { data: opts.data, dataFile: opts.dataFile }, 'give --data or --data-file, not both');
  let text: string | undefined = opts.data;
  let source = '--data';
  if (opts.dataFile !== undefined) {
    source = `--data-file ${opts.dataFile}`;
    text = opts.dataFile === '-' ? await readStdin() : await readFile(opts.dataFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new HarnessError('INVALID_INPUT', `cannot read request body: ${err.code ?? err.message} (${opts.dataFile})`, { cause: err });
    });
  }
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HarnessError('INVALID_INPUT', `invalid request body: not JSON: ${(err as Error).message} (${source})`, { cause: err });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const render = (value: unknown, raw?: boolean) => (raw ? JSON.stringify(value) : JSON.stringify(value, null, 2));

/** Runs a handler; API errors become `HTTP <status> <class>: <message> (query id …)` and exit 1. */
async function guarded(io: CliIo, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError) {
      io.err(err.toLine());
      io.fail(1);
      return;
    }
    throw err;
  }
}

export interface RequestCommandOptions extends ConnectionOptions {
  all?: boolean;
  query?: string[];
  data?: string;
  dataFile?: string;
}

export async function runRequest(method: string, path: string, opts: RequestCommandOptions, deps: ApiClientDeps = {}): Promise<void> {
  const io = deps.io ?? processIo;
  await guarded(io, async () => {
    const client = (deps.makeClient ?? createClient)(connectionConfig(opts, deps.env));
    const query = parseQuery(opts.query);
    if (opts.all) {
      if (method !== 'GET') throw invalidInput('--all', method, 'only follows pagination of GET list routes', ['GET']);
      const items: unknown[] = [];
      for await (const item of client.paginate(path, query ? { query } : {})) items.push(item);
      io.out(render(items, opts.raw));
      return;
    }
    const body = await readBody(opts);
    const res = await client.request(method, path, { ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}) });
    const next = res.headers.get('x-pagination-cursor-next');
    if (next) io.err(`(more items: add --all, or send X-Pagination-Cursor ${next})`);
    io.out(render(res.body, opts.raw));
  });
}

export async function runWaitReady(id: string, opts: ConnectionOptions & { timeout?: string; interval?: string }, deps: ApiClientDeps = {}): Promise<void> {
  const io = deps.io ?? processIo;
  await guarded(io, async () => {
    const client = (deps.makeClient ?? createClient)(connectionConfig(opts, deps.env));
    const timeoutMs = parseDurationMs(opts.timeout ?? '60s', '--timeout');
    const intervalMs = parseDurationMs(opts.interval ?? '1s', '--interval');
    const vrs = await client.waitForReady(id, { timeoutMs, intervalMs });
    io.out(`${vrs.id} READY (productStatus ${vrs.currentState.productStatus}, checksum ${vrs.checksum})`);
  });
}

export async function runStatus(id: string, opts: ConnectionOptions, deps: ApiClientDeps = {}): Promise<void> {
  const io = deps.io ?? processIo;
  await guarded(io, async () => {
    const client = (deps.makeClient ?? createClient)(connectionConfig(opts, deps.env));
    const vrs = await client.getVrackServices(id);
    io.out(opts.raw ? render(vrs, true) : summarizeVrackServices(vrs));
  });
}

export interface ExposeOptions extends ConnectionOptions {
  urn: string;
  subnet: string;
  range?: string;
  vlan?: string;
  timeout?: string;
}

/**
 * The guide's complete example as one command for training labs: GET the checksum, add the Service
 * Endpoint (creating the subnet when it does not exist), PUT with that checksum, wait until READY.
 */
export async function runExpose(id: string, opts: ExposeOptions, deps: ApiClientDeps = {}): Promise<void> {
  const io = deps.io ?? processIo;
  await guarded(io, async () => {
    const client = (deps.makeClient ?? createClient)(connectionConfig(opts, deps.env));
    const vlan = opts.vlan === undefined || opts.vlan === 'none' ? null : Number(opts.vlan);
    if (vlan !== null && !Number.isInteger(vlan)) throw invalidInput('--vlan', opts.vlan, 'a VLAN id or none', ['none', '2', '4094']);
    const timeoutMs = parseDurationMs(opts.timeout ?? '120s', '--timeout');
    const updated = await client.modify(id, (spec) => {
      if (spec.subnets.some((s) => s.cidr === opts.subnet)) return addEndpoints(spec, opts.subnet, [opts.urn]);
      if (!opts.range) throw invalidInput('--range', undefined, `subnet ${opts.subnet} does not exist yet: give its service range`, ['10.120.0.0/29']);
      return addSubnet(spec, { cidr: opts.subnet, serviceRange: opts.range, vlan, managedServiceURNs: [opts.urn] });
    });
    io.err(`accepted (checksum ${updated.checksum}); waiting for READY…`);
    const vrs = await client.waitForReady(id, { timeoutMs, intervalMs: 500 });
    io.out(opts.raw ? render(vrs, true) : summarizeVrackServices(vrs));
  });
}

function withConnection(cmd: Command): Command {
  return cmd
    .addOption(new Option('-e, --endpoint <url>', 'ovh-eu | ovh-ca | ovh-us | a base URL (default: $OVH_ENDPOINT, $VRACKLAB_API, http://127.0.0.1:8080)'))
    .option('--client-id <id>', 'OAuth2 client id ($OVH_CLIENT_ID)')
    .option('--client-secret <secret>', 'OAuth2 client secret ($OVH_CLIENT_SECRET)')
    .option('--application-key <ak>', 'application key ($OVH_APPLICATION_KEY)')
    .option('--application-secret <as>', 'application secret ($OVH_APPLICATION_SECRET)')
    .option('--consumer-key <ck>', 'consumer key ($OVH_CONSUMER_KEY)')
    .option('--access-token <token>', 'a pre-issued OAuth2 access token ($OVH_ACCESS_TOKEN)')
    .option('--lab <name>', "a running lab's API, with that lab's own credentials (from its record; root only)")
    .option('--raw', 'compact JSON output');
}

export function registerApiClientCommands(api: Command, deps: ApiClientDeps = {}): void {
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  withConnection(api.command('get').argument('<path>', 'e.g. /v2/vrackServices/resource or /vrack/pn-1/vrackServices').description('GET an API path and print the JSON'))
    .option('--all', 'follow X-Pagination-Cursor-Next and print every item of a v2 list')
    .option('-q, --query <key=value>', 'query parameter (repeatable)', collect)
    .action((path: string, opts: RequestCommandOptions) => runRequest('GET', path, opts, deps));
  for (const method of ['put', 'post'] as const) {
    withConnection(api.command(method).argument('<path>').description(`${method.toUpperCase()} a JSON body to an API path`))
      .option('-d, --data <json>', 'request body as JSON text')
      .option('--data-file <file>', 'request body from a JSON file (- for stdin)')
      .option('-q, --query <key=value>', 'query parameter (repeatable)', collect)
      .action((path: string, opts: RequestCommandOptions) => runRequest(method.toUpperCase(), path, opts, deps));
  }
  withConnection(api.command('delete').argument('<path>').description('DELETE an API path'))
    .option('-q, --query <key=value>', 'query parameter (repeatable)', collect)
    .action((path: string, opts: RequestCommandOptions) => runRequest('DELETE', path, opts, deps));
  withConnection(api.command('wait-ready').argument('<vrackServicesId>').description('wait until a vRack Services is READY (fails at once on ERROR)'))
    .option('--timeout <duration>', 'give up after (e.g. 60s, 2m)', '60s')
    .option('--interval <duration>', 'poll interval against the real API (a lab\'s simulator is watched for changes instead)', '1s')
    .action((id: string, opts: ConnectionOptions & { timeout?: string; interval?: string }) => runWaitReady(id, opts, deps));
  withConnection(api.command('expose').argument('<vrackServicesId>').description('expose a managed service: add its Service Endpoint (and the subnet if new), PUT with the checksum, wait for READY'))
    .requiredOption('--urn <urn>', 'the managed service, e.g. urn:v1:eu:resource:storageNetApp:<id> (see GET …/eligibleManagedService)')
    .requiredOption('--subnet <cidr>', 'the subnet, e.g. 10.120.0.0/16')
    .option('--range <cidr>', 'the service range of a new subnet, e.g. 10.120.0.0/29')
    .option('--vlan <id>', 'VLAN of a new subnet: 2–4094 or none', 'none')
    .option('--timeout <duration>', 'give up waiting for READY after', '120s')
    .action((id: string, opts: ExposeOptions) => runExpose(id, opts, deps));
  withConnection(api.command('status').argument('<vrackServicesId>').description('short summary: statuses, subnets, endpoints and IPs, IP accounting'))
    .action((id: string, opts: ConnectionOptions) => runStatus(id, opts, deps));
}

/**
 * Runs `vracklab api ARGV…` in this process with its output captured: what a user of the CLI would
 * see (exit code, stdout, stderr), for scenarios and tests that drive the CLI.
 */
export async function runApiCommand(argv: readonly string[], env: Record<string, string | undefined> = process.env): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), fail: (c) => void (code = c) };
  const api = new Command('api').exitOverride().configureOutput({ writeOut: (t) => void out.push(t), writeErr: (t) => void err.push(t) });
  registerApiClientCommands(api, { env, io });
  try {
    await api.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode;
    else if (isHarnessError(e)) {
      err.push(`vracklab: ${e.message}`); // as main.ts reports it
      code = 1;
    } else throw e;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}
