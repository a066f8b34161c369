import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerExportCommand } from './export.ts';

function program(): Command {
  const p = new Command('vracklab').exitOverride();
  registerExportCommand(p);
  return p;
}

describe('vracklab export', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the containerlab topology, or writes it with a deploy hint; --run-id names and labels it', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
    await program().parseAsync(['export', 'topologies/vrack-services.lab.yml', '--format', 'containerlab'], { from: 'user' });
    expect((parse(out.join('')) as { name: string }).name).toBe('vracklab-vrack-services');
    const file = join(mkdtempSync(join(tmpdir(), 'vl-export-')), 'x.clab.yml');
    await program().parseAsync(['export', 'topologies/vrack-services.lab.yml', '-f', 'containerlab', '--run-id', 'abc123', '-o', file], { from: 'user' });
    const doc = parse(readFileSync(file, 'utf8')) as { name: string; topology: { nodes: Record<string, { labels: Record<string, string> }> } };
    expect(doc.name).toBe('vracklab-vrack-services-abc123');
    expect(doc.topology.nodes['bm1']?.labels['vracklab.run-id']).toBe('abc123');
    expect(err.join('')).toBe(`wrote ${file}: deploy it with \`containerlab deploy -t ${file}\`, remove it with \`containerlab destroy -t ${file} --cleanup\`\n`);
  });

  it('refuses an unknown format and a bad run id before reading the file', async () => {
    await expect(program().parseAsync(['export', '/nonexistent.lab.yml', '-f', 'gns3'], { from: 'user' })).rejects.toThrow('invalid export format: unknown output format (got "gns3"; valid: containerlab)');
    await expect(program().parseAsync(['export', '/nonexistent.lab.yml', '-f', 'containerlab', '--run-id', 'Nope!'], { from: 'user' })).rejects.toThrow('invalid run id: must be 6 lowercase letters or digits (got "Nope!")');
  });
});
