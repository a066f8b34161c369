import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerGraphCommand } from './graph.ts';

function program(): Command {
  const p = new Command('vracklab').exitOverride();
  registerGraphCommand(p);
  return p;
}

describe('vracklab graph', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints Mermaid by default and DOT on request', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await program().parseAsync(['graph', 'topologies/vrack-services.lab.yml'], { from: 'user' });
    await program().parseAsync(['graph', 'topologies/vrack-services.lab.yml', '--format', 'dot'], { from: 'user' });
    expect(out[0]).toContain('flowchart LR');
    expect(out[0]).toContain('subgraph vrack_pn_other["vRack pn-other"]');
    expect(out[1]?.startsWith('graph "vrack-services" {')).toBe(true);
  });

  it('refuses an unknown format before reading the file', async () => {
    await expect(program().parseAsync(['graph', '/nonexistent.lab.yml', '-f', 'png'], { from: 'user' })).rejects.toThrow(
      'invalid graph format: unknown output format (got "png"; valid: mermaid, dot)',
    );
  });

  it('reports lab errors with their position', async () => {
    await expect(program().parseAsync(['graph', '/nonexistent.lab.yml'], { from: 'user' })).rejects.toThrow('cannot read lab file /nonexistent.lab.yml: ENOENT');
  });
});
