import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseLab } from '../../topology/load.ts';
import type { ResolvedLab } from '../../topology/model.ts';
import { checkVracklabSpec, projectNameOf, scaffoldProject } from './scaffold.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vracklab-scaffold-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const repo = join(import.meta.dirname, '../../..');

const EXPECTED = ['.github/workflows/vracklab.yml', '.gitignore', '.gitlab-ci.yml', 'README.md', 'cucumber.js', 'features/orders-share.feature', 'package.json', 'topologies/orders-lab.lab.yml'];

describe('vracklab init', () => {
  it('creates the project: package.json, Cucumber config, sample lab and feature, README, .gitignore, CI workflows', () => {
    const r = scaffoldProject(join(tmp, 'fresh'));
    expect(r.written).toEqual([...EXPECTED].sort((a, b) => a.localeCompare(b)));
    expect(r.kept).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(tmp, 'fresh/package.json'), 'utf8'));
    const ours = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('fresh');
    expect(pkg.scripts.test).toBe('vracklab test');
    expect(pkg.devDependencies).toEqual({ vracklab: `^${ours.version}`, '@cucumber/cucumber': ours.dependencies['@cucumber/cucumber'] });
  });

  it('writes the --vracklab-spec given (a file: tarball) and refuses one that is no npm spec', () => {
    scaffoldProject(join(tmp, 'spec'), { vracklabSpec: 'file:/tmp/vracklab-0.2.0.tgz' });
    expect(JSON.parse(readFileSync(join(tmp, 'spec/package.json'), 'utf8')).devDependencies.vracklab).toBe('file:/tmp/vracklab-0.2.0.tgz');
    expect(() => checkVracklabSpec('^1.0.0"\n, "evil": "1')).toThrow(/invalid --vracklab-spec: an npm dependency spec/);
    expect(() => scaffoldProject(join(tmp, 'spec-bad'), { vracklabSpec: '$(rm -rf /)' })).toThrow(/--vracklab-spec/);
    expect(existsSync(join(tmp, 'spec-bad'))).toBe(false);
  });

  it('refuses a non-empty directory without --force, naming what is there and the way out', () => {
    const dir = join(tmp, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    expect(() => scaffoldProject(dir)).toThrow(/cannot scaffold into .*busy: the directory is not empty \(notes.txt\); pass --force/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('with --force adds the missing files and keeps every file of the user, untouched', () => {
    const dir = join(tmp, 'forced');
    mkdirSync(join(dir, 'features'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), 'my readme\n');
    writeFileSync(join(dir, 'features/orders-share.feature'), 'Feature: mine\n');
    const r = scaffoldProject(dir, { force: true });
    expect(r.kept).toEqual(['features/orders-share.feature', 'README.md']);
    expect(r.written).toHaveLength(EXPECTED.length - 2);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('my readme\n');
    expect(readFileSync(join(dir, 'features/orders-share.feature'), 'utf8')).toBe('Feature: mine\n');
  });

  it('refuses a DIR that is a file', () => {
    writeFileSync(join(tmp, 'a-file'), '');
    expect(() => scaffoldProject(join(tmp, 'a-file'), { force: true })).toThrow(/it is a file, not a directory/);
  });

  it('names the npm package after the directory, as npm allows', () => {
    expect(projectNameOf('/x/My Suite!')).toBe('my-suite');
    expect(projectNameOf('/x/...')).toBe('vracklab-suite');
  });
});

describe('the sample lab', () => {
  const sample = parseLab(readFileSync(join(repo, 'templates/init/topologies/orders-lab.lab.yml'), 'utf8'), 'orders-lab.lab.yml');
  const names = (lab: ResolvedLab) => new Set([lab.name, ...lab.vracks, ...lab.privateNetworks.map((n) => n.name), ...lab.hosts.map((h) => h.name), ...lab.storageNetApp.map((s) => s.name), ...lab.vrackServices.map((v) => v.name)]);

  it('is valid, with two VLANs, an EFS, a Kubernetes node and vRack Services', () => {
    expect(new Set(sample.privateNetworks.map((n) => n.vlan)).size).toBe(2);
    expect(sample.storageNetApp).toHaveLength(1);
    expect(sample.clusters.flatMap((c) => c.nodes)).toHaveLength(1);
    expect(sample.vrackServices).toHaveLength(1);
  });

  it('shares no name with a reference lab (it is the user\'s own, not one of ours)', () => {
    const ours = names(sample);
    ours.delete('ext-gw'); // the public gateway every Kubernetes lab gets by default
    for (const file of readdirSync(join(repo, 'topologies')).filter((f) => f.endsWith('.lab.yml'))) {
      const reference = names(parseLab(readFileSync(join(repo, 'topologies', file), 'utf8'), file));
      expect([...ours].filter((n) => reference.has(n)), file).toEqual([]);
    }
  });

  it('is the lab its feature starts', () => {
    const feature = readFileSync(join(repo, 'templates/init/features/orders-share.feature'), 'utf8');
    expect(feature).toContain(`Given the lab "${sample.name}" is up`);
  });
});

describe('the CI workflows', () => {
  const read = (f: string) => parse(readFileSync(join(repo, 'templates/init', f), 'utf8'));

  it('GitHub Actions: a matrix of shards, Docker, the images, the suite sharded, the reports published', () => {
    const job = read('github/workflows/vracklab.yml').jobs.features;
    const runs = job.steps.map((s: { run?: string; uses?: string }) => s.run ?? s.uses).join('\n');
    expect(job.strategy.matrix.shard).toEqual([1, 2, 3]);
    expect(runs).toContain('systemctl start docker');
    expect(runs).toContain('npx vracklab images build');
    expect(runs).toContain('npx vracklab test --shard ${{ matrix.shard }}/$SHARDS');
    expect(runs).toMatch(/actions\/upload-artifact[\s\S]*action-junit-report/);
  });

  it('GitLab CI: parallel jobs, each its shard, HTML kept and JUnit reported', () => {
    const job = read('gitlab-ci.yml').features;
    expect(job.parallel).toBe(3);
    expect(job.script).toEqual(['npx vracklab test --shard ${CI_NODE_INDEX}/${CI_NODE_TOTAL}']);
    expect(job.before_script.join('\n')).toMatch(/dockerd[\s\S]*npx vracklab images build/);
    expect(job.artifacts.reports.junit).toBe('reports/*.xml');
    expect(job.artifacts.paths).toEqual(['reports/']);
  });
});
