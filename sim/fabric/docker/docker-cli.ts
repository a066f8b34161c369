/**
 * The one place that knows the Docker CLI's argv, `--format` templates and label filters (the
 * testcontainers habit of one client per SDK, kept on the CLI: every call goes through the injected
 * Exec, so it shows in DEBUG=vracklab:exec and unit tests record it). Why the CLI and not dockerode:
 * docs/fabric.md, "Docker through its CLI".
 */
import type { Exec } from '../../core/exec.ts';
import { LABEL_RUN_ID } from '../../core/run-id.ts';
import { listed } from '../machine-listing.ts';

/** A container or network carrying our run-id label, as `docker ps`/`network ls` list it. */
export interface LabelledObject {
  id: string;
  runId: string | undefined;
  name: string;
}

export class DockerCli {
  private readonly exec: Exec;

  /** `docker import` of a root filesystem tar read from stdin (the end of an image build's pipeline), with Dockerfile `--change`s. */
  static importArgv(changes: readonly string[], tag: string): string[] {
    return ['docker', 'import', ...changes.flatMap((c) => ['--change', c]), '-', tag];
  }

  constructor(exec: Exec) {
    this.exec = exec;
  }

  /** `docker run <args>` (detached): the new container's id. */
  async run(args: readonly string[]): Promise<string> {
    const r = await this.exec('docker', args, { timeoutMs: 120_000 });
    return r.stdout.trim().split('\n').pop() ?? '';
  }

  /** The PID of a container's main process, as docker prints it (`0` or text when it is not running). */
  async pidText(container: string): Promise<string> {
    return (await this.exec('docker', ['inspect', '--format', '{{.State.Pid}}', container])).stdout.trim();
  }

  /**
   * One `docker rm` for all: dockerd removes them in parallel, without a round-trip each. A container
   * already gone makes docker exit non-zero after removing the others, which is fine here.
   */
  async removeContainers(ids: readonly string[], options: { volumes?: boolean } = {}): Promise<void> {
    if (ids.length === 0) return;
    await this.exec('docker', ['rm', '--force', ...(options.volumes === false ? [] : ['--volumes']), ...ids], { allowFailure: true, timeoutMs: 120_000 });
  }

  async removeNetwork(id: string): Promise<void> {
    await this.exec('docker', ['network', 'rm', id], { allowFailure: true });
  }

  /** Containers (all states) or networks labelled with a run id, only `runId`'s when given. Empty when docker is not there. */
  async labelled(kind: 'container' | 'network', runId?: string): Promise<LabelledObject[]> {
    const [list, nameField] = kind === 'container' ? [['ps', '--all'], '.Names'] : [['network', 'ls'], '.Name'];
    return (await this.listLabelled(list, nameField, runId, [], [])).map(({ id, runId: run, name }) => ({ id, runId: run, name }));
  }

  /**
   * Containers (all states) labelled with a run id (only `runId`'s when given) AND carrying label
   * `withLabel`, with the values of the `labels` asked for (containerlab's `containerlab`,
   * `clab-node-lab-dir`…). Empty when docker is not there.
   */
  async labelledContainers(withLabel: string, labels: readonly string[], runId?: string): Promise<(LabelledObject & { labels: Record<string, string> })[]> {
    return this.listLabelled(['ps', '--all'], '.Names', runId, ['--filter', `label=${withLabel}`], labels);
  }

  /** PIDs of containers' main processes by container name (`0` for a stopped one); absent when not found. */
  async pids(containers: readonly string[]): Promise<Map<string, number>> {
    if (containers.length === 0) return new Map();
    const r = await this.exec('docker', ['inspect', '--format', '{{.Name}}\t{{.State.Pid}}', ...containers], { allowFailure: true });
    return new Map(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')).map(([name = '', pid = '']) => [name.replace(/^\//, ''), Number(pid)]));
  }

  private async listLabelled(list: string[], nameField: string, runId: string | undefined, filters: string[], labels: readonly string[]): Promise<(LabelledObject & { labels: Record<string, string> })[]> {
    const filter = runId ? `label=${LABEL_RUN_ID}=${runId}` : `label=${LABEL_RUN_ID}`;
    // Tab-separated: label values (paths) may hold spaces.
    const format = [`{{.ID}}`, `{{.Label "${LABEL_RUN_ID}"}}`, `{{${nameField}}}`, ...labels.map((l) => `{{.Label ${JSON.stringify(l)}}}`)].join('\t');
    return (await listed(this.exec, 'docker', [...list, '--filter', filter, ...filters, '--format', format]))
      .map((l) => l.split('\t'))
      .map((w) => ({ id: w[0] as string, runId: w[1] || undefined, name: w[2] || (w[0] as string), labels: Object.fromEntries(labels.map((l, i) => [l, w[3 + i] ?? ''])) }));
  }

  /** The engine's version, or null when no engine answers. */
  async serverVersion(): Promise<string | null> {
    const r = await this.exec('docker', ['version', '--format', '{{.Server.Version}}'], { allowFailure: true, timeoutMs: 10_000 }).catch(() => null);
    return r && r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  }

  /** An image's size in bytes, or undefined when it is not there. */
  async imageSize(tag: string): Promise<{ present: boolean; sizeBytes?: number }> {
    const r = await this.exec('docker', ['image', 'inspect', '--format', '{{.Size}}', tag], { allowFailure: true });
    const size = Number(r.stdout.trim());
    return { present: r.exitCode === 0, ...(r.exitCode === 0 && Number.isFinite(size) ? { sizeBytes: size } : {}) };
  }

  async imageExists(tag: string): Promise<boolean> {
    return (await this.exec('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { allowFailure: true })).exitCode === 0;
  }
}
