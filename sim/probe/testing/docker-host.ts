/**
 * Test support: a container started the way the docker driver starts lab hosts (`--network none`,
 * capabilities, labels), exposed as a minimal `LabHost` over `docker exec`, with one veth into it
 * from a client namespace. The fabric's docker driver is the real implementation.
 */
import { realExec } from '../../core/exec.ts';
import type { ExecResult } from '../../core/exec.ts';
import { LABEL_RUN_ID, objectName } from '../../core/run-id.ts';
import type { HostExecOptions, LabHost } from '../../fabric/host.ts';
import { netnsHost } from './netns-pair.ts';

export interface ContainerPair {
  server: LabHost;
  client: LabHost;
  serverIp: string;
  clientIp: string;
  container: string;
  destroy(): Promise<void>;
}

export async function dockerUnavailableReason(image: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root';
  const info = await realExec('docker', ['info', '--format', '{{.ServerVersion}}'], { allowFailure: true, timeoutMs: 10_000 });
  if (info.exitCode !== 0) return `no Docker engine answers: ${info.stderr.trim()}`;
  const img = await realExec('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { allowFailure: true });
  if (img.exitCode !== 0) return `image ${image} is not built (vracklab images build, or scripts/setup.sh images)`;
  return undefined;
}

export function dockerHost(name: string, container: string, pid: number): LabHost {
  return {
    name,
    pid,
    exec(argv: readonly string[], options: HostExecOptions = {}): Promise<ExecResult> {
      return realExec('docker', ['exec', ...(options.input !== undefined ? ['-i'] : []), container, ...argv], options);
    },
    spawn() {
      throw new Error('spawn is not needed by the EFS container test');
    },
  };
}

/**
 * Starts `image` as `vl<run>efs` with a labelled volume at `volumePath`, and a client namespace
 * `vl<run>c` joined to the container's eth1 (10.252.0.1/24 ↔ 10.252.0.2/24).
 */
export async function createContainerPair(runId: string, image: string, caps: readonly string[], volumePath: string): Promise<ContainerPair> {
  const container = objectName(runId, 'efs');
  const volume = `${container}-export`;
  const clientNs = objectName(runId, 'c');
  const hostSide = objectName(runId, 'a');
  const clientSide = objectName(runId, 'b');
  const serverIp = '10.252.0.1';
  const clientIp = '10.252.0.2';
  const destroy = async () => {
    await realExec('docker', ['rm', '-f', container], { allowFailure: true });
    await realExec('docker', ['volume', 'rm', '-f', volume], { allowFailure: true });
    await realExec('ip', ['netns', 'del', clientNs], { allowFailure: true });
    await realExec('ip', ['link', 'del', hostSide], { allowFailure: true });
  };
  try {
    await realExec('docker', ['volume', 'create', '--label', `${LABEL_RUN_ID}=${runId}`, volume]);
    await realExec('docker', [
      'run', '-d', '--name', container, '--hostname', 'efs', '--network', 'none',
      ...caps.flatMap((c) => ['--cap-add', c]),
      '--label', `${LABEL_RUN_ID}=${runId}`,
      '-v', `${volume}:${volumePath}`,
      image,
    ]);
    const pid = Number((await realExec('docker', ['inspect', '--format', '{{.State.Pid}}', container])).stdout.trim());
    await realExec('ip', ['netns', 'add', clientNs]);
    // As the docker driver does: create the pair with one end directly inside the container's namespace.
    await realExec('ip', ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth1', 'netns', String(pid)]);
    await realExec('ip', ['link', 'set', hostSide, 'netns', clientNs, 'name', clientSide]);
    await realExec('nsenter', ['-t', String(pid), '-n', 'ip', '-batch', '-'], { input: `addr add ${serverIp}/24 dev eth1\nlink set eth1 up\nlink set lo up\n` });
    await realExec('ip', ['-n', clientNs, '-batch', '-'], { input: `addr add ${clientIp}/24 dev ${clientSide}\nlink set ${clientSide} up\nlink set lo up\n` });
    return { server: dockerHost('efs', container, pid), client: netnsHost('client', clientNs), serverIp, clientIp, container, destroy };
  } catch (err) {
    await destroy();
    throw err;
  }
}
