// Placeholder: the images command group registers here (owned by its issue).
import type { Command } from 'commander';

export function registerImagesCommands(_program: Command): void {}
