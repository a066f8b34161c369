// Placeholder until its owner lands it: the `lab` command(s) register here.
import type { Command } from 'commander';

export function registerLabCommands(_program: Command): void {}
