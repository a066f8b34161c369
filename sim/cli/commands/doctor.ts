// Placeholder until its owner lands it: the `doctor` command(s) register here.
import type { Command } from 'commander';

export function registerDoctorCommand(_program: Command): void {}
