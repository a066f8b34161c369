/**
 * `vracklab api serve`: runs the vRack Services API simulator on its own, without a lab (the data
 * plane is the null one). Prints `listening on http://HOST:PORT` once it accepts requests, then the
 * dev credentials; stops cleanly on SIGINT/SIGTERM (state flushed, timers stopped).
 */
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.ts';
import { createSimulator, DEV_CREDENTIALS } from '../../api/simulator.ts';
import { PROFILE_NAMES } from '../../api/profiles.ts';
import type { ProfileName } from '../../api/profiles.ts';
import { TIMINGS_PRESETS } from '../../api/timings.ts';
import type { TimingsPreset } from '../../api/timings.ts';

export interface ApiServeOptions {
  host: string;
  port: string;
  profile: string;
  state?: string;
  timings: string;
}

export function parseServeOptions(o: ApiServeOptions): { host: string; port: number; profile: ProfileName; statePath?: string; timings: TimingsPreset } {
  if (!/^\d+$/.test(o.port) || Number(o.port) > 65535) throw invalidInput('--port', o.port, 'must be an integer between 0 and 65535 (0 = any free port)');
  if (!(PROFILE_NAMES as readonly string[]).includes(o.profile)) throw invalidInput('--profile', o.profile, 'unknown API profile', PROFILE_NAMES);
  const presets = Object.keys(TIMINGS_PRESETS);
  if (!presets.includes(o.timings)) throw invalidInput('--timings', o.timings, 'unknown timings preset', presets);
  if (o.host.trim() === '') throw invalidInput('--host', o.host, 'must be an address to listen on, e.g. 127.0.0.1');
  return {
    host: o.host,
    port: Number(o.port),
    profile: o.profile as ProfileName,
    timings: o.timings as TimingsPreset,
    ...(o.state !== undefined ? { statePath: o.state } : {}),
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
    .action(async (raw: ApiServeOptions) => {
      const o = parseServeOptions(raw);
      const sim = await createSimulator({ profile: o.profile, timings: o.timings, ...(o.statePath ? { statePath: o.statePath } : {}) });
      let url: string;
      try {
        url = await sim.listen({ host: o.host, port: o.port });
      } catch (err) {
        // simulator.listen already names the address and the way out (API_LISTEN_FAILED).
        await sim.close();
        throw err;
      }
      const c = DEV_CREDENTIALS;
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
