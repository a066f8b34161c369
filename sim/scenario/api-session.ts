/**
 * Where a scenario's API calls go: a simulator started for the scenario (fast, isolated), the
 * simulator of a running lab, or the real OVHcloud API (credentials from the environment). Steps
 * only see `client` and, when there is one, `simulator` (lab-admin operations).
 */
import { HarnessError } from '../core/errors.ts';
import { createSimulator, DEV_CREDENTIALS, type Simulator, type SimulatorOptions } from '../api/simulator.ts';
import { ApiError, createClient, type VrackServicesClient } from '../client/client.ts';
import { clientFromEnv } from '../client/env.ts';

/** A client and, when the API is simulated, the simulator behind it; `close` releases both. */
export interface ApiSession {
  readonly client: VrackServicesClient;
  /** Present on the simulator; absent on the real API (no lab-admin there). */
  readonly simulator: Simulator | undefined;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts an in-process vRack Services API simulator and a client signed in to it: the API session of a simulator-only scenario. */
export async function startSimulatorSession(options: SimulatorOptions = {}): Promise<ApiSession> {
  const simulator = await createSimulator({ timings: 'fast', ...options });
  try {
    const baseUrl = await simulator.listen({ host: '127.0.0.1', port: 0 });
    const client = createClient({ endpoint: baseUrl, clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret });
    return { client, simulator, baseUrl, close: () => simulator.close() };
  } catch (err) {
    await simulator.close();
    throw err;
  }
}

/** An API session on the real OVHcloud API, configured from OVH_* environment variables (no simulator behind it). */
export function realApiSession(env: NodeJS.ProcessEnv = process.env): ApiSession {
  const client = clientFromEnv(env);
  return { client, simulator: undefined, baseUrl: env.OVH_ENDPOINT ?? 'ovh-eu', close: async () => {} };
}

/** The simulator of a session, or an error saying the step needs one (it is a lab-admin operation). */
export function requireSimulator(session: ApiSession, what: string): Simulator {
  if (!session.simulator) {
    throw new HarnessError('SIMULATOR_ONLY', `${what} needs the built-in simulator (lab-admin), not the real API at ${session.baseUrl}; tag the scenario @simulator-only`);
  }
  return session.simulator;
}

/** The result of an API call kept for later assertions: its value, or the {@link ApiError} it failed with. */
export type ApiOutcome<T = unknown> = { ok: true; what: string; value: T } | { ok: false; what: string; error: ApiError };

/** Runs one API call and keeps its outcome: API refusals are results to assert on, anything else is a failure. */
export async function attempt<T>(what: string, call: () => Promise<T>): Promise<ApiOutcome<T>> {
  try {
    return { ok: true, what, value: await call() };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, what, error: err };
    throw err;
  }
}
