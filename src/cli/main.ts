#!/usr/bin/env node
/**
 * The `mediamon` command: the global options and the list of commands (each declared in src/cli/declare/,
 * its code in src/cli/commands/).
 * Exit status: 0 success, 1 failure, 2 bad usage or bad config (with the file and key named).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './basics.js';
import { registerAlerts } from './declare/alerts.js';
import { registerConfig } from './declare/config.js';
import { registerDeliveries, registerDigest } from './declare/delivery.js';
import { registerFeeds } from './declare/feeds.js';
import { registerIngest } from './declare/ingest.js';
import { registerQueues, registerReanalyze, registerServe } from './declare/ops.js';
import { registerPrune } from './declare/prune.js';
import { registerRun, registerWorker } from './declare/run.js';
import { registerExtract, registerLang, registerTag } from './declare/tools.js';
import { registerTrends } from './declare/trends.js';

/**
 * Every top-level command, in the order `mediamon --help` lists them. Each is declared (arguments,
 * options, help) in src/cli/declare/<module>.ts, and its action loads src/cli/commands/<module>.ts only
 * when it runs (see lazy.ts): `mediamon --help`, `tag` or `alerts list` never load BullMQ, cheerio, the
 * language models or the server.
 */
const COMMANDS: ((program: Command) => void)[] = [
  registerRun, registerWorker, registerConfig, registerFeeds, registerAlerts, registerIngest, registerExtract, registerLang,
  registerTrends, registerTag, registerServe, registerQueues, registerReanalyze, registerPrune, registerDigest, registerDeliveries,
];

export function buildProgram(): Command {
  const program = new Command('mediamon')
    .description('Multilingual media monitoring: feeds -> articles -> language -> watchlist tags -> alerts -> digests')
    .option('-c, --config <dir>', 'config folder (env MEDIAMON_CONFIG, default ./config)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']))
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`mediamon: ${error.message}\n`);
      process.exitCode = error.code;
      return;
    }
    // Our own errors start with their module ("store: ...", "redis: ..."): the message says it all.
    const err = error as Error;
    // The environment's schema loads zod: only now, not for every `--help`.
    const { envValue } = await import('../settings/env.js');
    const known = /^[a-z-]+: /.test(err.message ?? '') && envValue('MEDIAMON_LOG_LEVEL') !== 'debug';
    process.stderr.write(`mediamon: ${known ? err.message : (err.stack ?? String(error))}\n`);
    process.exitCode = EXIT_FAILURE;
  }
}

/** Whether this module is the program being run (not imported, e.g. by tests reading buildProgram()). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const self = fileURLToPath(import.meta.url);
  let resolved: string;
  try {
    resolved = realpathSync(entry);
  } catch {
    resolved = path.resolve(entry);
  }
  return resolved === self || resolved === self.replace(/\.[cm]?[jt]s$/, '');
}

if (isEntryPoint()) await main();
