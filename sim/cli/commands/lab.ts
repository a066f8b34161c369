// Placeholder: the lab command group registers here (owned by its issue).
import type { Command } from 'commander';

export function registerLabCommands(_program: Command): void {}
