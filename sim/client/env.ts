/**
 * Client configuration from the environment, with the variable names go-ovh/node-ovh users know:
 * OVH_ENDPOINT, OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY, OVH_CLIENT_ID,
 * OVH_CLIENT_SECRET (+ OVH_ACCESS_TOKEN, as go-ovh). VRACKLAB_API is the simulator's URL and is used
 * when OVH_ENDPOINT is unset; with neither, the default simulator address.
 *
 * Real OVH_* credentials are never sent to the default address: it is plain HTTP on a loopback
 * port any local user can bind first. With OVH_* credentials and no explicit endpoint (an
 * `endpoint` override, OVH_ENDPOINT or VRACKLAB_API) the configuration is refused.
 */
import { createClient, type VrackServicesClient } from './client.ts';
import { HarnessError } from '../core/errors.ts';
import type { ClientConfig } from './transport.ts';

export const DEFAULT_SIMULATOR_URL = 'http://127.0.0.1:8080';

export function configFromEnv(env: Record<string, string | undefined> = process.env, overrides: Partial<ClientConfig> = {}): ClientConfig {
  const pick = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const config: ClientConfig = { endpoint: pick('OVH_ENDPOINT') ?? pick('VRACKLAB_API') ?? DEFAULT_SIMULATOR_URL };
  const fields: [keyof ClientConfig, string][] = [
    ['applicationKey', 'OVH_APPLICATION_KEY'],
    ['applicationSecret', 'OVH_APPLICATION_SECRET'],
    ['consumerKey', 'OVH_CONSUMER_KEY'],
    ['clientId', 'OVH_CLIENT_ID'],
    ['clientSecret', 'OVH_CLIENT_SECRET'],
    ['accessToken', 'OVH_ACCESS_TOKEN'],
  ];
  for (const [key, name] of fields) {
    const v = pick(name);
    if (v !== undefined) (config as unknown as Record<string, string>)[key] = v;
  }
  const explicit = overrides.endpoint !== undefined || pick('OVH_ENDPOINT') !== undefined || pick('VRACKLAB_API') !== undefined;
  const fromEnv = fields.filter(([key, name]) => pick(name) !== undefined && !(key in overrides)).map(([, name]) => name);
  if (!explicit && fromEnv.length > 0) {
    throw new HarnessError(
      'ENDPOINT_REQUIRED',
      `refusing to send ${fromEnv.join(', ')} to the default ${DEFAULT_SIMULATOR_URL}: that port is plain HTTP and any local user can listen on it ` +
        '(set OVH_ENDPOINT, e.g. ovh-eu, for the real API; VRACKLAB_API or --endpoint for a simulator; or unset the OVH_* variables)',
      { details: { variables: fromEnv } },
    );
  }
  return { ...config, ...overrides };
}

/** A client configured from OVH_* environment variables (endpoint, application or OAuth2 credentials). */
export function clientFromEnv(env: Record<string, string | undefined> = process.env, overrides: Partial<ClientConfig> = {}): VrackServicesClient {
  return createClient(configFromEnv(env, overrides));
}
