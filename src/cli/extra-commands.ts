/**
 * Commands of the operating and delivery parts, registered here so src/cli/main.ts stays a short list:
 * ops (serve, queues, reanalyze) in src/cli/commands/ops.ts, delivery (digest, deliveries) in
 * src/cli/commands/delivery.ts.
 */
import type { Command } from 'commander';
import { registerDeliveryCommands } from './commands/delivery.js';
import { registerOpsCommands } from './commands/ops.js';

export type Wrap = <A extends (...args: never[]) => Promise<void>>(action: A) => (...args: unknown[]) => Promise<void>;

export function registerExtraCommands(program: Command, withGlobals: Wrap): void {
  registerOpsCommands(program, withGlobals);
  registerDeliveryCommands(program, withGlobals);
}
