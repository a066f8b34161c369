import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../core/exec.ts';
import type { HostExecOptions, LabHost } from '../../fabric/host.ts';
import type { ShareView, StorageServiceView } from '../../api/data-plane.ts';
import { startEfs } from './efs-server.ts';

/**
 * A simulated EFS host: files, listening ports, live pids and ganesha's log, driven by the
 * commands startEfs/sync/stop send. It answers as the real tools do, nothing more.
 */
function simulatedHost(opts: { fsType?: string; rpcbindRunning?: boolean; reloadLog?: string; startLog?: string; rpcbindConflict?: boolean } = {}) {
  const files = new Map<string, string>();
  const listening = new Set<number>(opts.rpcbindRunning ? [111] : []);
  const alive = new Set<number>();
  const commands: string[] = [];
  let log = '';
  let nextPid = 100;
  const ok = (stdout = '', exitCode = 0): ExecResult => ({ command: '', exitCode, stdout, stderr: '', durationMs: 0 });
  const host: LabHost = {
    name: 'efs',
    pid: 1,
    async exec(argv: readonly string[], options: HostExecOptions = {}) {
      const [cmd = '', ...args] = argv;
      commands.push(cmd === 'sh' ? `sh: ${args[1] ?? ''}` : argv.join(' '));
      if (cmd === 'sh') {
        const script = args[1] ?? '';
        const write = /mv -f '([^']+)' '([^']+)'/.exec(script);
        if (write) return files.set(write[2] as string, options.input ?? ''), ok();
        if (script.startsWith(': >')) return (log = ''), ok();
        if (script.includes('rpcbind -f') && opts.rpcbindConflict) return ok(String(nextPid++));
        if (script.includes('rpcbind -f')) {
          const pid = nextPid++;
          alive.add(pid);
          listening.add(111);
          return ok(String(pid));
        }
        const proc = /\/proc\/(\d+)\/stat/.exec(script);
        if (proc) return ok('', alive.has(Number(proc[1])) ? 0 : 1);
        const tail = /tail -n \+(\d+)/.exec(script);
        if (tail) {
          const lines = log.split('\n').slice(Number(tail[1]) - 1).filter((l) => /:CONFIG :(CRIT|MAJ|FATAL) /.test(l));
          return ok(lines.join('\n'), lines.length > 0 ? 0 : 1);
        }
        if (script.includes('wc -l')) return ok(String(log.split('\n').length - 1));
        return ok();
      }
      if (cmd === 'stat') return ok(opts.fsType ?? 'ext2/ext3');
      if (cmd === 'ss') return ok(listening.has(Number(/:(\d+)$/.exec(args[1] ?? '')?.[1])) ? 'LISTEN' : '');
      if (cmd === 'unshare') {
        // The private-/run start: rpcbind then ganesha, in one command.
        const rpcPid = nextPid++;
        alive.add(rpcPid);
        listening.add(111);
        const pid = nextPid++;
        alive.add(pid);
        files.set(args.at(-1) as string, String(pid));
        listening.add(2049).add(20048);
        log += 'nfs_start :NFS STARTUP :EVENT :NFS SERVER INITIALIZED\n';
        return ok(String(rpcPid));
      }
      if (cmd === 'ganesha.nfsd') {
        const pid = nextPid++;
        alive.add(pid);
        files.set(args[args.indexOf('-p') + 1] as string, String(pid));
        listening.add(2049).add(20048);
        log += `${opts.startLog ?? ''}nfs_start :NFS STARTUP :EVENT :NFS SERVER INITIALIZED\n`;
        return ok();
      }
      if (cmd === 'cat') return files.has(args[0] ?? '') ? ok(files.get(args[0] ?? '')) : ok('', 1);
      if (cmd === 'kill') {
        const pid = Number(args[1]);
        if (args[0] === '-HUP') log += opts.reloadLog ?? 'reread_exports :CONFIG :EVENT :Reread exports complete\n';
        else if (args[0] === '-TERM' || args[0] === '-KILL') alive.delete(pid);
        return ok();
      }
      if (cmd === 'grep' && args[0] === '-c') {
        const n = log.split('\n').filter((l) => l.includes(args[1] ?? '')).length;
        return ok(String(n), n > 0 ? 0 : 1);
      }
      if (cmd === 'tail' && (args.at(-1) ?? '').endsWith('rpcbind.log')) return ok(opts.rpcbindConflict ? 'rpcbind: another rpcbind is already running. Aborting' : '');
      if (cmd === 'tail') return ok(log.trim());
      return ok();
    },
    spawn() {
      throw new Error('not used');
    },
  };
  return { host, files, alive, listening, commands };
}

const share = (id: string, accessTo: string): ShareView => ({ id, name: id, protocol: 'NFS', sizeGiB: 1, exportPath: `/share_${id}`, acls: [{ id: `acl-${id}`, accessTo, accessLevel: 'rw' }] });
const service = (shares: ShareView[]): StorageServiceView => ({ serviceName: 'efs', urn: 'urn:efs', region: 'r', shares });

describe('startEfs', () => {
  it('writes config and seed files, starts rpcbind then ganesha, and waits for its ports', async () => {
    const sim = simulatedHost();
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.0/24')]), { exportRoot: '/export/', seedFiles: { a: { 'dir/hello.txt': 'hi' } } });
    expect(efs.configPath).toBe('/export/.efs/ganesha.conf');
    expect(efs.logPath).toBe('/export/.efs/ganesha.log');
    expect(sim.files.get('/export/a/dir/hello.txt')).toBe('hi');
    expect(sim.files.get(efs.configPath)).toContain('Path = "/export/a";');
    const order = sim.commands.filter((c) => /rpcbind -f|^ganesha\.nfsd/.test(c)).map((c) => (c.includes('rpcbind') ? 'rpcbind' : 'ganesha'));
    expect(order).toEqual(['rpcbind', 'ganesha']);
    expect(sim.commands).toContain('ganesha.nfsd -f /export/.efs/ganesha.conf -L /export/.efs/ganesha.log -p /export/.efs/ganesha.pid -N NIV_EVENT');
  });

  it('uses an rpcbind already listening in the host and leaves it running on stop', async () => {
    const sim = simulatedHost({ rpcbindRunning: true });
    const efs = await startEfs(sim.host, service([]), { exportRoot: '/export' });
    expect(sim.commands.some((c) => c.includes('rpcbind -f'))).toBe(false);
    await efs.stop();
    expect(sim.listening.has(111)).toBe(true);
  });

  it('fails a start whose config ganesha rejected and leaves nothing running', async () => {
    const sim = simulatedHost({ startLog: 'config_errs_to_log :CONFIG :CRIT :Config File (/e/.efs/ganesha.conf:3): 1 errors while processing parameters for NFS_Core_Param\n' });
    await expect(startEfs(sim.host, service([]), { exportRoot: '/e' })).rejects.toMatchObject({
      code: 'EFS_START_FAILED',
      message: expect.stringContaining('nfs-ganesha rejected its configuration (host efs; /e/.efs/ganesha.conf: Config File (/e/.efs/ganesha.conf:3): 1 errors'),
    });
    expect(sim.alive.size).toBe(0);
  });

  it('starts rpcbind and ganesha with a private /run when another rpcbind holds the shared one', async () => {
    const sim = simulatedHost({ rpcbindConflict: true });
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.1')]), { exportRoot: '/e' });
    const isolated = sim.commands.find((c) => c.startsWith('unshare '));
    expect(isolated).toContain('unshare -m --propagation private sh -c mount -t tmpfs');
    expect(isolated?.endsWith('efs /e/.efs/rpcbind.log /e/.efs/ganesha.conf /e/.efs/ganesha.log /e/.efs/ganesha.pid')).toBe(true);
    expect(sim.commands.some((c) => c.startsWith('ganesha.nfsd'))).toBe(false);
    await efs.stop();
    expect(sim.alive.size).toBe(0);
  });

  it('refuses an export root on overlayfs before starting anything', async () => {
    const sim = simulatedHost({ fsType: 'overlayfs' });
    await expect(startEfs(sim.host, service([share('a', '10.0.0.1')]), { exportRoot: '/srv' })).rejects.toMatchObject({
      code: 'EFS_START_FAILED',
      message: expect.stringMatching(/export root \/srv is on overlayfs/),
    });
    expect(sim.commands.some((c) => c.startsWith('ganesha.nfsd') || c.includes('rpcbind'))).toBe(false);
  });

  it('refuses seed files outside their share or for an unknown share', async () => {
    await expect(startEfs(simulatedHost().host, service([share('a', '10.0.0.1')]), { exportRoot: '/e', seedFiles: { a: { '../b/x': '' } } })).rejects.toThrow(/invalid EFS seed file path/);
    await expect(startEfs(simulatedHost().host, service([share('a', '10.0.0.1')]), { exportRoot: '/e', seedFiles: { z: {} } })).rejects.toThrow(
      /invalid EFS seedFiles share: .*valid: a/,
    );
  });
});

describe('EfsServer.sync and stop', () => {
  it('rewrites the config, sends SIGHUP and waits for the reload; share ids stay stable', async () => {
    const sim = simulatedHost();
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.0/24'), share('b', '10.0.0.0/24')]), { exportRoot: '/e' });
    await efs.sync(service([share('b', '10.9.0.0/24'), share('c', '10.0.0.0/24')]));
    const config = sim.files.get(efs.configPath) ?? '';
    expect(config).toMatch(/# share b\n[\s\S]*?Export_Id = 2;[\s\S]*?Clients = 10\.9\.0\.0\/24;/);
    expect(config).toMatch(/# share c\n[\s\S]*?Export_Id = 1;/);
    expect(config).not.toContain('# share a\n');
    expect(sim.commands.filter((c) => c.startsWith('kill -HUP'))).toHaveLength(1);
    expect(efs.lastSyncMs).toBeGreaterThanOrEqual(0);
  });

  it('fails a sync whose config ganesha rejected, with ganesha’s words', async () => {
    const sim = simulatedHost({
      reloadLog: 'config_errs_to_log :CONFIG :CRIT :Config File (/e/.efs/ganesha.conf:42): Expected a client\nreread_exports :CONFIG :EVENT :Reread exports complete\n',
    });
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.0/24')]), { exportRoot: '/e' });
    await expect(efs.sync(service([share('a', '10.0.1.0/24')]))).rejects.toMatchObject({
      code: 'EFS_SYNC_FAILED',
      message: expect.stringContaining('Config File (/e/.efs/ganesha.conf:42): Expected a client'),
    });
  });

  it('reloads nothing when the rendered config is the one ganesha runs (a reused lab reset re-syncs every storage)', async () => {
    const sim = simulatedHost();
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.0/24')]), { exportRoot: '/e' });
    const before = sim.commands.length;
    await efs.sync(service([share('a', '10.0.0.0/24')]));
    // Not a command in the host: no reload, no share directories made again.
    expect(sim.commands).toHaveLength(before);
    await efs.sync(service([share('a', '10.0.1.0/24')]));
    await efs.sync(service([share('a', '10.0.0.0/24')]));
    expect(sim.commands.filter((c) => c.startsWith('kill -HUP'))).toHaveLength(2);
  });

  it('refuses an invalid ACL without touching the running config', async () => {
    const sim = simulatedHost();
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.0/24')]), { exportRoot: '/e' });
    const before = sim.files.get(efs.configPath);
    await expect(efs.sync(service([share('a', 'everyone')]))).rejects.toThrow(/invalid ACL accessTo/);
    expect(sim.files.get(efs.configPath)).toBe(before);
    expect(sim.commands.some((c) => c.startsWith('kill -HUP'))).toBe(false);
  });

  it('refuses a share name that would inject config, leaving the running config and ganesha untouched', async () => {
    const sim = simulatedHost();
    const efs = await startEfs(sim.host, service([share('a', '10.0.0.0/24')]), { exportRoot: '/e' });
    const before = sim.files.get(efs.configPath);
    const evil = { ...share('a', '10.0.0.0/24'), name: 'x)\nEXPORT { Export_Id = 9; Path = "/"; Pseudo = "/pwn"; FSAL { Name = VFS; } }\n#(' };
    await expect(efs.sync(service([evil]))).rejects.toThrow(/invalid share a name/);
    expect(sim.files.get(efs.configPath)).toBe(before);
    expect(sim.commands.some((c) => c.startsWith('kill -HUP'))).toBe(false);
    // Positive control: the same service with a plain name (and a changed ACL, so there is something to reload) reloads.
    await efs.sync(service([{ ...share('a', '10.0.1.0/24'), name: 'plain' }]));
    expect(sim.commands.filter((c) => c.startsWith('kill -HUP'))).toHaveLength(1);
  });

  it('hands share directories to the anonymous user root clients are squashed to', async () => {
    const sim = simulatedHost();
    await startEfs(sim.host, service([share('a', '10.0.0.0/24')]), { exportRoot: '/e' });
    expect(sim.commands).toContain('chown 65534:65534 /e/a');
  });

  it('stops ganesha and its rpcbind once, and refuses syncs afterwards', async () => {
    const sim = simulatedHost();
    const efs = await startEfs(sim.host, service([]), { exportRoot: '/e' });
    expect(sim.alive.size).toBe(2);
    await Promise.all([efs.stop(), efs.stop()]);
    expect(sim.alive.size).toBe(0);
    expect(sim.commands.filter((c) => c.startsWith('kill -TERM'))).toHaveLength(2);
    await expect(efs.sync(service([]))).rejects.toMatchObject({ code: 'EFS_STOPPED' });
  });
});

describe('EfsServer as an AsyncDisposable', () => {
  it('stops ganesha at the end of an `await using` scope', async () => {
    const sim = simulatedHost();
    {
      await using efs = await startEfs(sim.host, service([]), { exportRoot: '/export' });
      expect(efs.logPath).toBe('/export/.efs/ganesha.log');
      expect(sim.alive.size).toBe(2); // rpcbind and ganesha
    }
    expect(sim.alive.size).toBe(0);
  });
});
