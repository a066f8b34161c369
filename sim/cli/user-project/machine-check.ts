/**
 * What `vracklab test` checks before it starts Cucumber: the same facts as `vracklab doctor`, turned
 * into one problem per missing thing, each naming its fix. An empty list means the labs can run.
 */
import type { DoctorReport } from '../../fabric/doctor-report.ts';

export function machineProblems(report: DoctorReport, driver: string): string[] {
  if (driver === 'none') return []; // simulator-only runs build no lab
  const lacks = report.drivers[driver];
  if (lacks === undefined) {
    return [`unknown driver "${driver}" (VRACKLAB_DRIVER): valid: ${Object.keys(report.drivers).join(', ')}`];
  }
  const problems = lacks.map((what) =>
    what.startsWith('a reachable Docker engine')
      ? 'the Docker engine is not reachable: install Docker and start it (e.g. `systemctl start docker`), or run `vracklab doctor` for details'
      : `the ${driver} driver needs ${what}, which this machine lacks: run \`vracklab doctor\` for what it can run`,
  );
  if (!report.capabilities.docker) return problems; // without an engine the images cannot be listed
  for (const image of report.images) {
    if (!image.present) problems.push(`the lab image "${image.name}" is missing: run \`vracklab images build\` (once per machine; it needs mmdebstrap)`);
  }
  return problems;
}
