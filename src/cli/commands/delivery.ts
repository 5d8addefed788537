/** Commands registered by the delivery part (see src/cli/extra-commands.ts). */
import type { Command } from 'commander';
import type { Wrap } from '../extra-commands.js';

export function registerDeliveryCommands(program: Command, withGlobals: Wrap): void {
  void program;
  void withGlobals;
}
