// Placeholder until its owner lands it: the `api-serve` command(s) register here.
import type { Command } from 'commander';

export function registerApiServeCommand(_program: Command): void {}
