// Placeholder until its owner lands it: the `graph` command(s) register here.
import type { Command } from 'commander';

export function registerGraphCommand(_program: Command): void {}
