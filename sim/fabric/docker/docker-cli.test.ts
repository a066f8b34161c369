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
    return { stdout: shown.map((r) => `${r.id} ${r.runId} ${r.name}`).join('\n') };
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
