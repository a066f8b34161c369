/**
 * Rehearses the `api` profile's real-API mode without the internet: a standalone simulator plays
 * the OVHcloud API (reached only through its public routes and OAuth2, as the real one would be),
 * resources are "ordered" beforehand, and the API features run with OVH_* credentials and
 * VRACKLAB_REAL_RESOURCES — the exact set-up a user gives for a real account.
 * The simulator runs the `2025-10` profile, the live API's by our reference (§3: /24 subnets only,
 * no displayName, `eu-west-*` regions), so a scenario that only the 2024-04 guide's rules would let
 * pass fails here too. This is a rehearsal: it has never run against OVHcloud.
 * Run: node scripts/rehearse-real-api.ts   (exit code = cucumber's)
 */
import { spawn } from 'node:child_process';
import { createSimulator, DEV_CREDENTIALS } from '../sim/api/simulator.ts';

const PROFILE = '2025-10';
const sim = await createSimulator({ profile: PROFILE, timings: 'fast' });
const endpoint = await sim.listen({ host: '127.0.0.1', port: 0 });
const resources: Record<string, string> = {};
for (const alias of ['vrs1', 'vrs2']) resources[alias] = (await sim.admin.createVrackServices({ region: 'LIM' })).id;
for (const id of [resources.vrs1!, resources.vrs2!]) await sim.admin.waitForReady(id, 10_000);
resources['efs1'] = (await sim.admin.createStorageNetApp({ region: 'LIM', name: 'efs1' })).urn;
resources['efs-gra'] = (await sim.admin.createStorageNetApp({ region: 'GRA', name: 'efs-gra' })).urn;
resources['pn-xyzzz'] = (await sim.admin.createVrack({ serviceName: 'pn-xyzzz' })).serviceName;

const child = spawn('cucumber-js', ['--profile', 'api', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    OVH_ENDPOINT: endpoint,
    OVH_CLIENT_ID: DEV_CREDENTIALS.oauth2ClientId,
    OVH_CLIENT_SECRET: DEV_CREDENTIALS.oauth2ClientSecret,
    VRACKLAB_REAL_RESOURCES: JSON.stringify(resources),
    // The profile the "real" API follows: scenarios tagged for another profile are left out.
    VRACKLAB_API_PROFILE: PROFILE,
  },
});
const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await sim.close();
process.exitCode = code;
