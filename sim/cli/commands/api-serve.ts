/**
 * `vracklab api serve`: runs the vRack Services API simulator on its own, without a lab (the data
 * plane is the null one). Prints `listening on http://HOST:PORT` once it accepts requests, then the
 * dev credentials; stops cleanly on SIGINT/SIGTERM (state flushed, timers stopped).
 *
 * It listens on loopback unless `--expose` is given: the dev credentials are published, so on any
 * other address every machine that can reach it could drive the simulator.
 */
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { createSimulator, invalidInput, PROFILE_NAMES, TIMINGS_PRESETS, type ProfileName, type TimingsPreset } from '../../cli-api.ts';

export interface ApiServeOptions {
  host: string;
  port: string;
  profile: string;
  state?: string;
  timings: string;
  expose?: boolean;
  allowedHost?: string[];
  randomCredentials?: boolean;
}

export interface ServeOptions {
  host: string;
  port: number;
  profile: ProfileName;
  statePath?: string;
  timings: TimingsPreset;
  allowedHosts: string[];
  randomCredentials: boolean;
  /** Set when the address is not loopback (and --expose allowed it): printed on stderr. */
  warning?: string;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export function parseServeOptions(o: ApiServeOptions): ServeOptions {
  if (!/^\d+$/.test(o.port) || Number(o.port) > 65535) throw invalidInput('--port', o.port, 'must be an integer between 0 and 65535 (0 = any free port)');
  if (!(PROFILE_NAMES as readonly string[]).includes(o.profile)) throw invalidInput('--profile', o.profile, 'unknown API profile', PROFILE_NAMES);
  const presets = Object.keys(TIMINGS_PRESETS);
  if (!presets.includes(o.timings)) throw invalidInput('--timings', o.timings, 'unknown timings preset', presets);
  if (o.host.trim() === '') throw invalidInput('--host', o.host, 'must be an address to listen on, e.g. 127.0.0.1');
  const loopback = isLoopback(o.host);
  if (!loopback && !o.expose) {
    throw invalidInput('--host', o.host, 'is not a loopback address: the simulator would be reachable from other machines, and its credentials are published; add --expose to listen there anyway', ['127.0.0.1', '::1', 'localhost']);
  }
  const allowedHosts = o.allowedHost ?? [];
  for (const h of allowedHosts) if (!/^[A-Za-z0-9.-]{1,253}$/.test(h)) throw invalidInput('--allowed-host', h, 'must be a host name (letters, digits, dots, dashes)');
  return {
    host: o.host,
    port: Number(o.port),
    profile: o.profile as ProfileName,
    timings: o.timings as TimingsPreset,
    ...(o.state !== undefined ? { statePath: o.state } : {}),
    allowedHosts,
    randomCredentials: o.randomCredentials === true,
    ...(loopback
      ? {}
      : { warning: `warning: --expose: the API simulator listens on ${o.host}, reachable from other machines; anyone who can reach it and knows the credentials can drive it${o.randomCredentials ? '' : ' (the dev credentials are published: add --random-credentials)'}` }),
  };
}

export function registerApiServeCommand(api: Command): void {
  api
    .command('serve')
    .description('serve the vRack Services API simulator (v2 /vrackServices, v1 /vrack and /storage/netapp, /lab admin routes)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--profile <name>', `API profile: ${PROFILE_NAMES.join('|')}`, '2024-04')
    .option('--state <file>', 'persist the state in FILE (survives restarts; a corrupt file is refused)')
    .option('--timings <preset>', `task timings: ${Object.keys(TIMINGS_PRESETS).join('|')}`, 'realistic')
    .option('--expose', 'allow a non-loopback --host (the simulator becomes reachable from other machines)')
    .option('--allowed-host <name>', 'also answer requests with this Host name (repeatable; IP addresses and localhost always work)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--random-credentials', 'generate fresh credentials instead of the published dev ones (printed below)')
    .action(async (raw: ApiServeOptions) => {
      const o = parseServeOptions(raw);
      if (o.warning) process.stderr.write(`${o.warning}\n`);
      const sim = await createSimulator({
        profile: o.profile,
        timings: o.timings,
        allowedHosts: o.allowedHosts,
        ...(o.randomCredentials ? { credentials: 'random' as const } : {}),
        ...(o.statePath ? { statePath: o.statePath } : {}),
      });
      let url: string;
      try {
        url = await sim.listen({ host: o.host, port: o.port });
      } catch (err) {
        // simulator.listen already names the address and the way out (API_LISTEN_FAILED).
        await sim.close();
        throw err;
      }
      const c = sim.credentials;
      process.stdout.write(
        `listening on ${url}\n` +
          `profile ${o.profile}, timings ${o.timings}${o.statePath ? `, state ${o.statePath}` : ''}\n` +
          `OAuth2: POST ${url}/auth/oauth2/token client_id=${c.oauth2ClientId} client_secret=${c.oauth2ClientSecret}\n` +
          `AK/CK:  application key ${c.applicationKey}, application secret ${c.applicationSecret}, consumer key ${c.consumerKey}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.stdout.write(`${signal}: stopping\n`);
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          resolve();
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
      await sim.close();
    });
}
