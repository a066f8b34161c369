import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseServeOptions } from './api-serve.ts';

const base = { host: '127.0.0.1', port: '8080', profile: '2025-10', timings: 'realistic' };

describe('vracklab api serve options', () => {
  it('parses valid options', () => {
    expect(parseServeOptions({ ...base, state: '/tmp/s.json' })).toEqual({
      host: '127.0.0.1',
      port: 8080,
      profile: '2025-10',
      timings: 'realistic',
      statePath: '/tmp/s.json',
      allowedHosts: [],
      randomCredentials: false,
    });
  });
  it('names the option and the valid choices on bad values', () => {
    expect(() => parseServeOptions({ ...base, profile: '2023' })).toThrow('invalid --profile: unknown API profile (got "2023"; valid: 2024-04, 2025-10)');
    expect(() => parseServeOptions({ ...base, timings: 'slow' })).toThrow('invalid --timings: unknown timings preset (got "slow"; valid: realistic, fast)');
    expect(() => parseServeOptions({ ...base, port: '70000' })).toThrow('invalid --port: must be an integer between 0 and 65535');
  });
  it('refuses a non-loopback --host unless --expose, then warns (review #3)', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      expect(() => parseServeOptions({ ...base, host })).toThrow(`invalid --host: is not a loopback address`);
      expect(parseServeOptions({ ...base, host, expose: true }).warning).toContain(`listens on ${host}, reachable from other machines`);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(parseServeOptions({ ...base, host }).warning).toBeUndefined();
  });
  it('takes --allowed-host names and refuses anything else', () => {
    expect(parseServeOptions({ ...base, allowedHost: ['eu.api.ovh.com'] }).allowedHosts).toEqual(['eu.api.ovh.com']);
    expect(() => parseServeOptions({ ...base, allowedHost: ['a b'] })).toThrow('invalid --allowed-host');
  });
  it('prints "listening on", answers, and stops cleanly on SIGTERM', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ['bin/vracklab.js', 'api', 'serve', '--port', '0', '--timings', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" in 20 s: ${out}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
    });
    expect(out).toContain('vracklab-secret');
    const time = await fetch(`${url}/1.0/auth/time`);
    expect(time.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
