import { describe, expect, it } from 'vitest';
import type { HostProcess, LabHost } from '../fabric/host.ts';
import type { RunningLab } from '../lab/running-lab.ts';
import { ProberBoard } from './prober-board.ts';
import type { ProberView } from './view-model.ts';

/** A host whose prober process prints nothing and exits when stopped. */
function quietHost(name: string): LabHost {
  return {
    name,
    pid: 1,
    exec: async () => ({ command: '', exitCode: 0, stdout: '', stderr: '', durationMs: 0 }),
    spawn(): HostProcess {
      let exit: (code: number) => void = () => {};
      const exited = new Promise<number>((resolve) => (exit = resolve));
      return { onLine: () => {}, exited, stop: async () => void exit(143) };
    },
  };
}

/** Just what the board reads of a running lab, counting journal reads. */
function fakeLab() {
  const reads = { count: 0 };
  const lab = {
    host: (name: string) => quietHost(name),
    shareOf: () => ({ exportPath: '/share_1' }),
    simulator: { journal: { list: () => (reads.count++, []) } },
  } as unknown as RunningLab;
  return { lab, reads };
}

describe('the page prober board', () => {
  it('draws a stopped prober once: later refreshes reuse its view and do not read the journal', async () => {
    const { lab, reads } = fakeLab();
    const published: ProberView[][] = [];
    const board = new ProberBoard(lab, (v) => published.push(v));
    const id = board.start({ from: 'bm1', to: '10.120.0.1', kind: 'icmp' });
    expect(published.at(-1)?.[0]?.running).toBe(true);
    await board.stop(id);
    const stopped = published.at(-1)?.[0];
    expect(stopped?.running).toBe(false);
    const readsAfterStop = reads.count;
    const again = board.views();
    expect(again[0]).toBe(stopped);
    expect(reads.count).toBe(readsAfterStop);
    await board.close();
  });

  it('keeps redrawing a running prober (its samples change)', async () => {
    const { lab, reads } = fakeLab();
    const board = new ProberBoard(lab, () => {});
    board.start({ from: 'bm1', to: '10.120.0.1', kind: 'icmp' });
    const before = reads.count;
    const [first] = board.views();
    const [second] = board.views();
    expect(second).not.toBe(first);
    expect(reads.count).toBe(before + 2);
    await board.close();
  });
});
