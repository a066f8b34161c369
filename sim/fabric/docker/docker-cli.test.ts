import { describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import { DockerCli } from './docker-cli.ts';

/**
 * A docker that lists a crashed run's container only when asked for stopped ones too (`--all`), as
 * the real one does, and filters on the label it is given.
 */
function dockerWithStoppedContainer() {
  return recordingExec((c) => {
    if (c.file !== 'docker' || c.args[0] !== 'ps') return undefined;
    const filter = c.args[c.args.indexOf('--filter') + 1];
    const rows = [{ id: 'c1', runId: 'dead99', name: 'vl-dead99-bm1', running: false }, { id: 'c2', runId: 'live11', name: 'vl-live11-bm1', running: true }];
    const shown = rows.filter((r) => (c.args.includes('--all') || r.running) && (filter === 'label=vracklab.run-id' || filter === `label=vracklab.run-id=${r.runId}`));
    return { stdout: shown.map((r) => `${r.id}\t${r.runId}\t${r.name}`).join('\n') };
  });
}

describe('DockerCli.labelled', () => {
  it('finds stopped containers too: a crashed run leaves exited ones', async () => {
    const docker = new DockerCli(dockerWithStoppedContainer());
    expect(await docker.labelled('container')).toEqual([
      { id: 'c1', runId: 'dead99', name: 'vl-dead99-bm1' },
      { id: 'c2', runId: 'live11', name: 'vl-live11-bm1' },
    ]);
  });

  it('narrows to one run by label when given', async () => {
    expect(await new DockerCli(dockerWithStoppedContainer()).labelled('container', 'live11')).toEqual([{ id: 'c2', runId: 'live11', name: 'vl-live11-bm1' }]);
  });

  it('is empty when no engine answers', async () => {
    expect(await new DockerCli(recordingExec(() => ({ exitCode: 1, stderr: 'Cannot connect to the Docker daemon' }))).labelled('network')).toEqual([]);
  });
});

describe('DockerCli.labelledContainers', () => {
  it('asks for the run-id label and the extra label, and reads the asked labels tab-separated (paths may hold spaces)', async () => {
    const exec = recordingExec(() => ({ stdout: 'c1\tabc123\tclab-x-a1\tvracklab-x-abc123\t/run/my labs/clab-vracklab-x-abc123/a1\nc2\tabc123\tclab-x-a2\tvracklab-x-abc123\n' }));
    const found = await new DockerCli(exec).labelledContainers('containerlab', ['containerlab', 'clab-node-lab-dir'], 'abc123');
    expect(exec.calls[0]?.args).toEqual(['ps', '--all', '--filter', 'label=vracklab.run-id=abc123', '--filter', 'label=containerlab', '--format', '{{.ID}}\t{{.Label "vracklab.run-id"}}\t{{.Names}}\t{{.Label "containerlab"}}\t{{.Label "clab-node-lab-dir"}}']);
    expect(found).toEqual([
      { id: 'c1', runId: 'abc123', name: 'clab-x-a1', labels: { containerlab: 'vracklab-x-abc123', 'clab-node-lab-dir': '/run/my labs/clab-vracklab-x-abc123/a1' } },
      { id: 'c2', runId: 'abc123', name: 'clab-x-a2', labels: { containerlab: 'vracklab-x-abc123', 'clab-node-lab-dir': '' } },
    ]);
  });
});
