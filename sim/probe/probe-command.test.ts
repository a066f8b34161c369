import { describe, expect, it } from 'vitest';
import { loopScript, oneShotScript, parseLoopLine, probeShell } from './probe-command.ts';

describe('probeShell', () => {
  it('builds a TCP connect bounded in ms and in whole seconds', () => {
    expect(probeShell({ kind: 'tcp', target: '10.0.0.1', port: 2049 }, 1500).command).toBe('timeout 1.500 nc -z -w 2 10.0.0.1 2049');
  });
  it('builds NFS read and write probes', () => {
    expect(probeShell({ kind: 'nfs', target: '10.0.0.1', exportPath: '/share_1', op: 'read', version: 3 }, 800).command).toBe("timeout 0.800 nfs-ls 'nfs://10.0.0.1/share_1?version=3'");
    const w = probeShell({ kind: 'nfs', target: '10.0.0.1', exportPath: '/share_1', op: 'write', version: 4 }, 800);
    expect(w.setup).toContain('mktemp');
    expect(w.command).toBe(`timeout 0.800 nfs-cp "$pf" 'nfs://10.0.0.1/share_1/.vracklab-probe?version=4'`);
    expect(w.cleanup).toBe('rm -f "$pf"');
  });
  it('refuses a target that is not an address or name, a bad port, a bad op', () => {
    expect(() => probeShell({ kind: 'tcp', target: '10.0.0.1; reboot', port: 1 }, 100)).toThrow(/invalid probe target/);
    expect(() => probeShell({ kind: 'tcp', target: '10.0.0.1', port: 70000 }, 100)).toThrow(/invalid probe port: must be an integer from 1 to 65535/);
    expect(() => probeShell({ kind: 'nfs', target: '10.0.0.1', exportPath: '/s', op: 'delete' as 'read', version: 4 }, 100)).toThrow(/valid: read, write/);
  });
});

describe('scripts', () => {
  const shell = { setup: 'SETUP', command: 'PROBE', cleanup: 'CLEAN' };
  it('times a one-shot probe inside the host', () => {
    expect(oneShotScript(shell)).toBe('SETUP; s=$(date +%s%6N); PROBE >&2; rc=$?; e=$(date +%s%6N); CLEAN; echo "$rc $s $e"');
  });
  it('loops on a fixed schedule with background probes and cleans up on TERM', () => {
    const script = loopScript(shell, 100);
    expect(script).toContain("trap 'CLEAN; exit 0' TERM INT");
    expect(script).toContain('iv=100000');
    expect(script).toMatch(/\( s=\$\(date \+%s%6N\); PROBE >\/dev\/null 2>&1; .* \) &/);
    expect(script).toContain('d=$((t0 + i*iv - $(date +%s%6N)))');
  });
});

describe('parseLoopLine', () => {
  it('parses index, verdict and µs times', () => {
    expect(parseLoopLine('3 0 1795359683500000 1795359683501500')).toEqual({ index: 3, ok: true, sentAt: 1795359683500, rttMs: 1.5 });
    expect(parseLoopLine('4 124 1795359683600000 1795359684600000')).toMatchObject({ index: 4, ok: false });
    expect(parseLoopLine('nc: getaddrinfo: Name or service not known')).toBeUndefined();
  });
});
