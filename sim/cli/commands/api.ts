// Placeholder: the api command group registers here (owned by its issue).
import type { Command } from 'commander';

export function registerApiCommands(_program: Command): void {}
