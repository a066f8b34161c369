// `vracklab doctor [--json]`: what this machine can run — kernel features, Docker, images, tools, containerlab,
// drivers, and the VLAN mode labs will use. Probes in a scratch namespace; changes nothing.
import type { Command } from 'commander';
import { doctorReport, formatDoctorReport } from '../../cli-api.ts';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('report kernel capabilities, Docker engine, images, containerlab and the VLAN mode labs will use')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const report = await doctorReport();
      process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatDoctorReport(report));
    });
}
