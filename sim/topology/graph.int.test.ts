// Graphviz accepts the DOT output of every reference lab (skipped where graphviz is not installed).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realExec } from '../core/exec.ts';
import { renderDot } from './graph-dot.ts';
import { graphId } from './graph-model.ts';
import { loadLab } from './load.ts';

const hasDot = (await realExec('sh', ['-c', 'command -v dot'], { allowFailure: true })).exitCode === 0;
if (!hasDot) console.log('skipping DOT rendering test: graphviz (dot) is not installed (apt-get install graphviz)');

describe.skipIf(!hasDot)('graphviz renders the DOT output', () => {
  for (const file of readdirSync('topologies').filter((f) => f.endsWith('.lab.yml'))) {
    it(file, async () => {
      const lab = await loadLab(`topologies/${file}`);
      const r = await realExec('dot', ['-Tsvg'], { input: renderDot(lab), timeoutMs: 30_000 });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('<svg');
      // Every host became a drawn node (graphviz titles each node group with its id).
      for (const h of lab.hosts) expect(r.stdout).toContain(`<title>${graphId('h', h.name)}</title>`);
    });
  }
});
