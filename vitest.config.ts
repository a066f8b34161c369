// Three layers: `unit` (no root, no Docker, fake exec/clock, app.inject), `integration`
// (real netns/Docker; each file skips itself with a printed reason where the machine lacks them) and
// `clients` (OVHcloud's official clients against the simulator, installed by `scripts/setup.sh clients`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['sim/**/*.test.ts', 'steps/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: ['**/*.int.test.ts', 'node_modules/**'] } },
      {
        test: {
          name: 'integration',
          include: ['sim/**/*.int.test.ts'],
          exclude: ['sim/api/contract/clients/**', 'node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Labs share the host's kernel; one file at a time keeps them from racing for CPU on 2 cores.
          fileParallelism: false,
        },
      },
      { test: { name: 'clients', include: ['sim/api/contract/clients/**/*.int.test.ts'], testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
