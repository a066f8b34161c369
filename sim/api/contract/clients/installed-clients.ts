/**
 * Where scripts/clients/setup-clients.sh put the official clients ($VRACKLAB_CLIENTS_DIR, default
 * .tools/clients), and for each one either its path or the reason it is not there, so a test that
 * cannot run is reported skipped with that reason, never green.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../../..');
export const clientsDir = process.env.VRACKLAB_CLIENTS_DIR ?? join(repo, '.tools/clients');
export const repoRoot = repo;

export interface InstalledClient {
  path: string;
  /** Set when the client is not installed: what to run, and what went wrong. */
  missing?: string;
}

function located(path: string, hint?: string): InstalledClient {
  if (existsSync(path)) return { path };
  return { path, missing: hint ?? `${path} not found: run scripts/setup.sh clients` };
}

export const pythonOvh = located(join(clientsDir, 'py/bin/python'));
export const schemathesis = located(join(clientsDir, 'py/bin/schemathesis'));
export const goOvhProbe = located(join(clientsDir, 'go-bin/go-ovh-probe'));
const cliUnavailable = join(clientsDir, 'ovhcloud-cli.unavailable');
export const ovhcloudCli = located(
  join(clientsDir, 'go-bin/ovhcloud'),
  existsSync(cliUnavailable) ? `ovhcloud-cli could not be installed here:\n${readFileSync(cliUnavailable, 'utf8')}` : undefined,
);
