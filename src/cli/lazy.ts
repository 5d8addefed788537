/**
 * How every command is registered: the action loads its module (and through it BullMQ, cheerio, the
 * language models, the SQL drivers...) only when that command runs, so `mediamon --help` and the small
 * commands start without paying for the rest.
 */
import type { Command } from 'commander';

type Action = (...args: never[]) => Promise<void>;

/** A commander action: positional arguments, then the command's options merged with the global ones. */
export type CommandAction = (...args: unknown[]) => Promise<void>;

/**
 * The action of a command whose code lives in a module loaded on first use: `load` imports it, `pick`
 * returns the function to call with the positional arguments and the merged options (--config,
 * --log-level and the command's own).
 */
export function lazy<M>(load: () => Promise<M>, pick: (module: M) => Action): CommandAction {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const merged = { ...command.optsWithGlobals() };
    const positional = args.slice(0, -2);
    const action = pick(await load());
    await (action as unknown as (...a: unknown[]) => Promise<void>)(...positional, merged);
  };
}
