// Placeholder: the doctor command group registers here (owned by its issue).
import type { Command } from 'commander';

export function registerDoctorCommand(_program: Command): void {}
