import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../core/exec.ts';
import type { LabHost } from '../fabric/host.ts';
import { icmpProbe, nfsProbe, tcpProbe } from './one-shot.ts';

function fakeHost(answer: Partial<ExecResult>): LabHost & { argv: (readonly string[])[] } {
  const argv: (readonly string[])[] = [];
  return {
    name: 'src',
    pid: 1,
    argv,
    async exec(a) {
      argv.push(a);
      return { command: a.join(' '), exitCode: 0, stdout: '', stderr: '', durationMs: 1, ...answer };
    },
    spawn() {
      throw new Error('not used');
    },
  };
}

describe('icmpProbe', () => {
  it('reports the RTT of a reply', async () => {
    const host = fakeHost({ stdout: '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.066 ms\n' });
    expect(await icmpProbe(host, '10.0.0.1', { timeoutMs: 300 })).toEqual({ ok: true, rttMs: 0.066 });
    expect(host.argv[0]).toEqual(['ping', '-c', '1', '-n', '-W', '0.300', '10.0.0.1']);
  });
  const stats = '\n--- 10.0.0.1 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n';
  it('reports no reply, an ICMP error or a missing route as a refusal of the network', async () => {
    expect(await icmpProbe(fakeHost({ exitCode: 1, stdout: `PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.${stats}` }), '10.0.0.1', { timeoutMs: 300 })).toEqual({
      ok: false,
      refusal: 'no-reply',
      error: 'no ICMP echo reply from 10.0.0.1 within 300 ms',
    });
    expect(await icmpProbe(fakeHost({ exitCode: 1, stdout: `From 10.0.0.2 icmp_seq=1 Destination Host Unreachable${stats}` }), '10.0.0.1')).toEqual({ ok: false, refusal: 'unreachable', error: 'Destination Host Unreachable' });
    expect(await icmpProbe(fakeHost({ exitCode: 2, stderr: 'ping: connect: Network is unreachable' }), '10.0.0.1')).toEqual({ ok: false, refusal: 'unreachable', error: 'ping: connect: Network is unreachable' });
  });
  it('throws, naming the host, when ping did not run: no such container, missing ping, an exec error', async () => {
    await expect(icmpProbe(fakeHost({ exitCode: 1, stderr: 'Error response from daemon: No such container: vl-x-bm1' }), '10.0.0.1')).rejects.toThrow(
      'ping 10.0.0.1 from src did not run, so it says nothing about the network: exit 1: Error response from daemon: No such container: vl-x-bm1',
    );
    await expect(icmpProbe(fakeHost({ exitCode: 127, stderr: 'exec: "ping": executable file not found in $PATH' }), '10.0.0.1')).rejects.toThrow(/did not run.*exit 127/);
    const broken: LabHost = { ...fakeHost({}), exec: () => Promise.reject(new Error('nsenter: cannot open /proc/1234/ns/net')) };
    await expect(icmpProbe(broken, '10.0.0.1')).rejects.toMatchObject({ code: 'PROBE_NOT_RUN' });
  });
  it('refuses a bad timeout', async () => {
    await expect(icmpProbe(fakeHost({}), '10.0.0.1', { timeoutMs: 0 })).rejects.toThrow(/invalid probe timeoutMs/);
  });
});

describe('tcpProbe and nfsProbe', () => {
  it('reads the in-host timing of a success', async () => {
    const host = fakeHost({ stdout: '0 1000000 1002500' });
    expect(await tcpProbe(host, '10.0.0.1', 22)).toEqual({ ok: true, rttMs: 2.5 });
    expect(host.argv[0]?.[2]).toContain('nc -z -w 1 10.0.0.1 22');
  });
  it('explains a failure with the tool output or the timeout', async () => {
    expect(await tcpProbe(fakeHost({ stdout: '1 1000000 1002500', stderr: 'nc: connect refused' }), '10.0.0.1', 22)).toEqual({ ok: false, error: 'TCP connect to 10.0.0.1:22: nc: connect refused' });
    expect(await nfsProbe(fakeHost({ stdout: '124 1 2' }), '10.0.0.1', '/s', { op: 'read', version: 3, timeoutMs: 500 })).toEqual({
      ok: false,
      error: 'NFSv3 read of 10.0.0.1:/s: no answer within 500 ms',
    });
  });
  it('throws when the probe script itself did not run', async () => {
    await expect(nfsProbe(fakeHost({ exitCode: 127, stderr: 'sh: nfs-ls: not found' }), '10.0.0.1', '/s', { op: 'write', version: 4 })).rejects.toThrow(
      'NFSv4 write of 10.0.0.1:/s from src did not run, so it says nothing about the network: exit 127: sh: nfs-ls: not found',
    );
  });
});
