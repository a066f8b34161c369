// Commands in lab hosts get a minimal environment, not the lab process's (security review #13).
import { afterEach, describe, expect, it } from 'vitest';
import { realExec } from '../core/exec.ts';
import { PrefixedHost } from './prefixed-host.ts';

const environOf = 'tr "\\0" "\\n" < /proc/self/environ';

describe('PrefixedHost environment', () => {
  afterEach(() => {
    delete process.env.VRACKLAB_TEST_SECRET;
  });

  // The prefix stands in for `ip netns exec NS` / `nsenter …`: a wrapper that passes its environment on.
  const host = () => new PrefixedHost('h1', process.pid, ['env'], realExec);

  it('a secret in the caller’s environment is absent in the host’s /proc/self/environ; PATH is there', async () => {
    process.env.VRACKLAB_TEST_SECRET = 'hunter2';
    const environ = (await host().exec(['sh', '-c', environOf])).stdout.split('\n');
    expect(environ.some((l) => l.includes('hunter2'))).toBe(false);
    expect(environ).toContain('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    // Positive control: the same command outside a host does see it.
    expect((await realExec('sh', ['-c', environOf])).stdout).toContain('VRACKLAB_TEST_SECRET=hunter2');
  });

  it('long-running processes (probers, daemons) get the same minimal environment', async () => {
    process.env.VRACKLAB_TEST_SECRET = 'hunter2';
    const lines: string[] = [];
    const p = host().spawn(['sh', '-c', environOf]);
    p.onLine((l) => lines.push(l));
    expect(await p.exited).toBe(0);
    expect(lines.some((l) => l.includes('hunter2'))).toBe(false);
    expect(lines.some((l) => l.startsWith('PATH='))).toBe(true);
  });
});
