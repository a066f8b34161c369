// startLab's refusals that come before anything is built (no machine state is touched).
import { describe, expect, it } from 'vitest';
import { loadLab } from '../topology/load.ts';
import { startLab } from './lab-runner.ts';

describe('startLab', () => {
  it('serves a lab API on loopback only (it drives a root process)', async () => {
    const lab = await loadLab('topologies/vrack-services.lab.yml');
    for (const apiHost of ['0.0.0.0', '::', '192.0.2.1']) {
      await expect(startLab({ lab }, { apiHost })).rejects.toThrow(/invalid lab API listen address: the lab API drives a root process: it listens on loopback only .*valid: 127\.0\.0\.1, ::1, localhost/);
    }
  });
});

