/**
 * vracklab as a user gets it (issue 9, "done when"): `npm pack` of a copy of this checkout (its
 * prepack builds dist/ from scratch), the tarball installed into a fresh directory outside the
 * checkout, `vracklab init` there, the sample suite green through `npm test`, then a feature whose
 * expectation is false: a non-zero exit and the expectation's message. Nothing of the checkout is
 * reachable from the installed package (no path in it points back), and the labs, the lab records
 * and the temporary directories are gone afterwards.
 */
import { execa, type Options } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReport } from '../fabric/doctor-report.ts';
import { machineProblems } from './user-project/machine-check.ts';

const checkout = resolve(import.meta.dirname, '../..');
const npm = 'npm'; // the one on PATH: make puts Node 24's first
const problems = machineProblems(await doctorReport(), 'docker');
const npmVersion = await execa(npm, ['--version'], { reject: false });
const reason = problems.length > 0 ? problems.join('; ') : npmVersion.exitCode === 0 ? undefined : `npm does not run here (${npmVersion.stderr || npmVersion.message})`;
if (reason) console.warn(`package install test skipped: ${reason}`);

// Made only when the test runs (a skipped describe runs no afterAll to remove it).
const tmp = reason ? '' : mkdtempSync(join(tmpdir(), 'vracklab-pack-'));
const source = join(tmp, 'source');
const project = join(tmp, 'my-suite');
const stateDir = join(tmp, 'state');
// The labs of this test only: the suite's gc is off (colleagues' runs on a shared machine), and lab
// records go to a private state dir.
const env = { ...process.env, VRACKLAB_STATE_DIR: stateDir, VRACKLAB_SKIP_GC: '1', VRACKLAB_PARALLEL: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
async function run(file: string, args: string[], opts: Pick<Options, 'cwd'> = {}): Promise<{ exitCode: number | undefined; stdout: string; all: string }> {
  const r = await execa(file, args, { env, reject: false, all: true, timeout: 900_000, ...opts });
  return { exitCode: r.exitCode, stdout: r.stdout, all: String(r.all) };
}

/** The files of the working tree git would commit (tracked and new, not ignored): what a clone would hold. */
async function copyCheckout(): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: checkout });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(checkout, file))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(source, file)), { recursive: true });
    cpSync(join(checkout, file), join(source, file), { dereference: false });
  }
  symlinkSync(join(checkout, 'node_modules'), join(source, 'node_modules'));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function labContainers(): Promise<string[]> {
  const r = await run('docker', ['ps', '-aq', '--filter', 'label=vracklab.lab=orders-lab']);
  return r.stdout.split('\n').filter(Boolean);
}

describe.skipIf(reason !== undefined)('the npm package, installed into a project of its own', () => {
  let tarball = '';
  let containersBefore: string[] = [];

  beforeAll(async () => {
    containersBefore = await labContainers();
    await copyCheckout();
    const packed = await run(npm, ['pack', '--json', '--pack-destination', tmp], { cwd: source });
    expect(packed.exitCode, packed.all).toBe(0);
    const out = packed.stdout;
    tarball = join(tmp, (JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[])[0]!.filename);
    // The copy is gone before anything is installed: the package must stand on its own.
    rmSync(source, { recursive: true, force: true });
  }, 600_000);

  afterAll(async () => {
    const leaked = (await labContainers()).filter((id) => !containersBefore.includes(id));
    rmSync(tmp, { recursive: true, force: true });
    expect(leaked, 'containers of orders-lab left behind').toEqual([]);
  });

  it('scaffolds a project with `vracklab init` from the installed package, and nothing in it points back to the checkout', async () => {
    const tool = join(tmp, 'tool');
    const installed = await run(npm, ['install', '--prefer-offline', '--prefix', tool, tarball]);
    expect(installed.exitCode, installed.all).toBe(0);
    const init = await run(join(tool, 'node_modules/.bin/vracklab'), ['init', project, '--vracklab-spec', `file:${tarball}`], { cwd: tmp });
    expect(init.exitCode, init.all).toBe(0);
    for (const f of ['package.json', 'cucumber.js', 'topologies/orders-lab.lab.yml', 'features/orders-share.feature', 'README.md', '.gitignore', '.github/workflows/vracklab.yml', '.gitlab-ci.yml']) {
      expect(existsSync(join(project, f)), f).toBe(true);
    }
    const deps = await run(npm, ['install', '--prefer-offline'], { cwd: project });
    expect(deps.exitCode, deps.all).toBe(0);

    // The machine commands from the installed package: the image tags it computes are the ones built here.
    const doctor = await run(npm, ['run', 'doctor'], { cwd: project });
    expect(doctor.exitCode, doctor.all).toBe(0);
    expect(doctor.all).toMatch(/docker\s+usable/);
    const images = await run(npm, ['run', 'images'], { cwd: project });
    expect(images.exitCode, images.all).toBe(0);
    expect(images.all).toMatch(/host: vracklab\/host:\S+ already present/);

    // The web page's client files, read beside the compiled module (and stripped of their types) when the UI is made.
    const web = await run(process.execPath, ['--input-type=module', '-e', "const { createWebUi } = await import('vracklab'); await createWebUi().close(); console.log('web page assets loaded');"], { cwd: project });
    expect(web.exitCode, web.all).toBe(0);
    expect(web.stdout).toContain('web page assets loaded');

    const pkg = join(project, 'node_modules/vracklab');
    expect(existsSync(join(pkg, 'sim')), 'the package ships compiled code only').toBe(false);
    const pointingBack = filesUnder(pkg).filter((f) => [checkout, source].some((path) => readFileSync(f, 'utf8').includes(path)));
    expect(pointingBack).toEqual([]);
  }, 600_000);

  it('runs the sample suite green with `npm test` (vracklab test: machine check, then cucumber-js with the preset)', async () => {
    const r = await run(npm, ['test'], { cwd: project });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/3 scenarios \(3 passed\)/);
    expect(existsSync(join(project, 'reports/cucumber.xml')), 'JUnit report').toBe(true);
    expect(existsSync(join(project, 'reports/cucumber.html')), 'HTML report').toBe(true);
  }, 900_000);

  it("type-checks a consumer of the three entry points against the package's declarations", async () => {
    writeFileSync(
      join(project, 'check-types.ts'),
      [
        "import { startLab, parseLab, type RunningLab, type ResolvedLab } from 'vracklab';",
        "import { VrackLabWorld } from 'vracklab/steps';",
        "import vracklab from 'vracklab/cucumber';",
        'const imports: string[] = vracklab.import;',
        'export type Used = [typeof startLab, typeof parseLab, RunningLab, ResolvedLab, VrackLabWorld, typeof imports];',
        '',
      ].join('\n'),
    );
    const tools = await run(npm, ['install', '--prefer-offline', '--no-save', 'typescript@6', '@types/node@24'], { cwd: project });
    expect(tools.exitCode, tools.all).toBe(0);
    const tsc = await run(join(project, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2024', '--types', 'node', 'check-types.ts'], { cwd: project });
    expect(tsc.exitCode, tsc.all).toBe(0);
  }, 300_000);

  it('fails, with the expectation in the output, when a feature expects what the lab does not do', async () => {
    writeFileSync(
      join(project, 'features/false-expectation.feature'),
      [
        '@lab',
        'Feature: a false expectation',
        '  Scenario: the batch VLAN reaches the share (it does not: the subnet is on VLAN 30)',
        '    Given the lab "orders-lab" is up',
        '    And the EFS "efs-orders" exposed on "vrs-orders" through subnet 10.60.0.0/16 with service range 10.60.0.0/29 and VLAN 30',
        '    Then batch1 can ping 10.60.0.1',
        '',
      ].join('\n'),
    );
    // A path on the command line narrows the run to that feature (the preset sets no paths).
    const r = await run(npm, ['test', '--', 'features/false-expectation.feature'], { cwd: project });
    expect(r.exitCode, r.all).not.toBe(0);
    expect(r.all).toContain('ping from batch1 to 10.60.0.1: expected a reply');
    expect(r.all).toMatch(/1 scenario \(1 failed\)/);
  }, 600_000);
});
