import { describe, expect, it } from 'vitest';
import { confirmKill, confirmationTargets } from './confirmation.ts';

const killed = { outcome: 'killed' as const, reason: '1/6 scenario(s) failed, first: "rename"' };

describe('confirmKill', () => {
  it('a kill that reproduces stays killed, with both reasons', () => {
    const v = confirmKill(killed, { outcome: 'killed', reason: '1/1 scenario(s) failed' });
    expect(v.outcome).toBe('killed');
    expect(v.reason).toMatch(/1\/1 scenario\(s\) failed \(confirmed: .*first run: 1\/6/);
  });

  it('a kill that does not reproduce is a survivor (a chance failure is not detection)', () => {
    const v = confirmKill(killed, { outcome: 'survived', reason: 'all 1 scenario(s) passed with the fault in' });
    expect(v.outcome).toBe('survived');
    expect(v.reason).toMatch(/^not confirmed: the first run failed \(1\/6/);
  });

  it('a broken confirmation run is an error, never a kill', () => {
    expect(confirmKill(killed, { outcome: 'error', reason: 'no scenario ran' }).outcome).toBe('error');
  });

  it('leaves anything but a kill as it was', () => {
    const survived = { outcome: 'survived' as const, reason: 'all passed' };
    expect(confirmKill(survived, killed)).toEqual(survived);
  });
});

describe('confirmationTargets', () => {
  it('reruns each failed scenario once, by file and line', () => {
    expect(confirmationTargets([{ where: 'features/a.feature:9' }, { where: 'features/a.feature:9' }, { where: 'features/b.feature:3' }])).toEqual(['features/a.feature:9', 'features/b.feature:3']);
  });
});
