import { describe, expect, it } from 'vitest';
import { loadLab } from '../../topology/load.ts';
import { loadExercise, parseExercise } from './load-exercise.ts';

const GOOD = `title: t
lab: vrack-services
steps:
  - id: expose
    title: expose it
    check:
      endpoint: { ip: 10.120.0.1, vlan: null }
`;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, got none');
}

describe('exercise files', () => {
  it('the shipped exercises load against their labs', async () => {
    for (const name of ['vrack-services', 'mks-private-networks']) {
      const lab = await loadLab(`topologies/${name}.lab.yml`);
      const ex = await loadExercise(`topologies/${name}.exercise.yml`, lab);
      expect(ex.lab).toBe(name);
      expect(ex.steps.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('accepts a minimal file (positive control of the refusals below)', () => {
    expect(parseExercise(GOOD, 'ex.yml').steps[0]?.id).toBe('expose');
  });

  it('names the file, line and column of an unknown key, with the valid keys', () => {
    const msg = errorOf(() => parseExercise(GOOD.replace('endpoint: {', 'endpoint: { vlam: 3, '), 'ex.yml'));
    expect(msg).toContain('ex.yml:7:');
    expect(msg).toMatch(/unknown key "vlam" .*valid: ip, vlan/);
  });

  it('refuses a check that is two kinds at once, naming the kinds', () => {
    const msg = errorOf(() => parseExercise(`${GOOD}      journal: { kind: task, name: created }\n`, 'ex.yml'));
    expect(msg).toMatch(/ex\.yml:\d+:\d+: invalid check at steps\[0\]\.check: give exactly one of endpoint, probe, route, journal, all/);
  });

  it('refuses a probe kind outside the list, with the choices', () => {
    const text = GOOD.replace('endpoint: { ip: 10.120.0.1, vlan: null }', 'probe: { from: bm1, to: 10.120.0.1, kind: udp, expect: ok }');
    expect(errorOf(() => parseExercise(text, 'ex.yml'))).toMatch(/ex\.yml:7:\d+: invalid value at steps\[0\]\.check\.probe\.kind: not an allowed value \(valid: icmp, nfs\)/);
  });

  it('refuses a host the lab does not have and an exercise for another lab', async () => {
    const lab = await loadLab('topologies/vrack-services.lab.yml');
    const text = GOOD.replace('endpoint: { ip: 10.120.0.1, vlan: null }', 'probe: { from: bm9, to: 10.120.0.1, kind: icmp, expect: ok }');
    expect(errorOf(() => parseExercise(text, 'ex.yml', lab))).toMatch(/step "expose" names host "bm9", not in lab vrack-services \(valid: .*bm1.*\)/);
    expect(errorOf(() => parseExercise(GOOD.replace('lab: vrack-services', 'lab: other-lab'), 'ex.yml', lab))).toMatch(/ex\.yml:2:\d+: this exercise is for lab "other-lab", not "vrack-services"/);
  });

  it('refuses duplicate step ids and bad YAML with positions', () => {
    const dup = `${GOOD}  - id: expose\n    title: again\n    check:\n      journal: { kind: task, name: created }\n`;
    expect(errorOf(() => parseExercise(dup, 'ex.yml'))).toMatch(/ex\.yml:8:9: duplicate step id "expose"/);
    expect(errorOf(() => parseExercise('title: [unclosed\n', 'ex.yml'))).toMatch(/ex\.yml:\d+:\d+: invalid YAML/);
  });
});
