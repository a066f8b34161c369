// Placeholder until its owner lands it: the `api-client` command(s) register here.
import type { Command } from 'commander';

export function registerApiClientCommands(_program: Command): void {}
