// Placeholder until its owner lands it: the `images` command(s) register here.
import type { Command } from 'commander';

export function registerImagesCommands(_program: Command): void {}
