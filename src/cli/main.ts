#!/usr/bin/env node
/**
 * The `mediamon` command. Each subcommand lives in src/cli/commands/; this file only declares them.
 * Exit status: 0 success, 1 failure, 2 bad usage or bad config (with the file and key named).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './basics.js';
import { registerDeliveryCommands, registerOpsCommands } from './extra-commands.js';
import { lazy } from './lazy.js';
import type { RunOptions } from './commands/run.js';

// Every command's module is imported when that command runs (see lazy.ts): `mediamon --help`, `tag` or
// `alerts list` never load BullMQ, cheerio, the language models or the server.
const runModule = () => import('./commands/run.js');
const configModule = () => import('./commands/config.js');
const feedsModule = () => import('./commands/feeds.js');
const alertsModule = () => import('./commands/alerts.js');
const ingestModule = () => import('./commands/ingest.js');
const toolsModule = () => import('./commands/tools.js');
const trendsModule = () => import('./commands/trends.js');

/** The HTTP server `run` starts, loaded only when used (hono and bull-board are not small). */
const startServer: NonNullable<RunOptions['startServer']> = async (rt) => (await import('../server/index.js')).startServer(rt);

export function buildProgram(): Command {
  const program = new Command('mediamon')
    .description('Multilingual media monitoring: feeds -> articles -> language -> watchlist tags -> alerts -> digests')
    .option('-c, --config <dir>', 'config folder (env MEDIAMON_CONFIG, default ./config)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']))
    .showHelpAfterError()
    .exitOverride();

  program.command('run').description('run every stage (analysis also in child processes, one per extra core)')
    .option('--once', 'poll every feed once, drain the queues, exit')
    .option('--analyze-procs <n>', 'analyze child processes (default: queues.analyzeProcesses, auto = cores - 1)')
    .option('--no-server', 'do not start the HTTP server').action(lazy(runModule, (m) => (options: RunOptions) => m.runCommand({ ...options, startServer })));
  program.command('worker <stage>').description('run one stage: poll, fetch, analyze or deliver (or several, comma-separated: fetch,analyze analyses each fetched page in the same job)')
    .option('--concurrency <n>', 'jobs at once in this process').action(lazy(runModule, (m) => m.workerCommand));

  const config = program.command('config').description('the config folder');
  config.command('check').description('validate every config file').action(lazy(configModule, (m) => m.configCheckCommand));

  const feeds = program.command('feeds').description('watched feeds');
  feeds.command('list').description("each feed's health").option('--json', 'one JSON object a line').action(lazy(feedsModule, (m) => m.feedsListCommand));
  feeds.command('add <url>').description('watch a feed (a web page that advertises its feed gets it offered)')
    .option('--id <id>').option('--title <title>').option('--interval <duration>', 'e.g. 10m').option('--language <code>')
    .option('--no-check', 'add without fetching it first').action(lazy(feedsModule, (m) => m.feedsAddCommand));
  feeds.command('remove <id>').description('stop watching a feed').action(lazy(feedsModule, (m) => m.feedsRemoveCommand));
  feeds.command('import <opml>').description('add the feeds of an OPML file').action(lazy(feedsModule, (m) => m.feedsImportCommand));
  feeds.command('export').description('write the feeds as OPML').option('-o, --out <file>').action(lazy(feedsModule, (m) => m.feedsExportCommand));
  feeds.command('poll [ids...]').description('poll now: every enabled feed, or the ones named').action(lazy(feedsModule, (m) => m.feedsPollCommand));
  feeds.command('check <inputs...>').description('read feeds (URLs or files) and report what was found, storing nothing')
    .option('--jsonl', 'one JSON object a line').action(lazy(feedsModule, (m) => m.feedsCheckCommand));

  const alerts = program.command('alerts').description('stored alerts');
  alerts.command('list').description('alerts, newest published first: one entry per article with its rules')
    .option('--since <iso>', 'alerts stored at or after this time').option('--rule <id>').option('--entity <id>')
    .option('--affiliation <a>', 'only alerts from sources of this affiliation (e.g. separatist-authority)')
    .option('--sort <by>', 'published (the article\'s time, else when stored) or created (when the alert was stored)', 'published')
    .option('--tz <zone>', 'IANA time zone of the times shown, e.g. Europe/Kyiv or UTC (default: the local zone)')
    .option('--limit <n>', 'at most this many alerts (default 1000)').option('--json', 'one JSON object per alert a line (times in UTC ISO 8601)').action(lazy(alertsModule, (m) => m.alertsListCommand));

  program.command('ingest <input>').description('one feed or article (URL or file) through every stage, no queues')
    .option('--json', 'one JSON object per article').option('--store', 'store the articles and alerts')
    .option('--max-items <n>', 'items of a feed to ingest (default 20)').action(lazy(ingestModule, (m) => m.ingestCommand));
  program.command('extract <files...>').description('extract article bodies from HTML files (gzipped too)')
    .option('--jsonl', 'one JSON object a line').action(lazy(toolsModule, (m) => m.extractCommand));
  program.command('lang').description('detect languages: JSON lines {"id","text"} on stdin').action(lazy(toolsModule, (m) => m.langCommand));
  program.command('trends').description('article counts per hour or day (all, or for an entity or keyword group, rule, narrative, feed or source affiliation) and their spikes')
    .option('--entity <id>', 'a watchlist entry (a keyword group is an entry of kind keyword)').option('--rule <id>').option('--narrative <id>').option('--feed <id>')
    .option('--affiliation <a>', 'sources of this affiliation (feeds.yaml), e.g. ru-state').option('--since <iso>', 'default: 7 days ago')
    .option('--bucket <hour|day>', 'default: hour').option('--json', 'JSON lines: {"type":"bucket",time,count,sources} then {"type":"spike",...}')
    .action(lazy(trendsModule, (m) => m.trendsCommand));
  program.command('tag').description('tag watchlist mentions: JSON lines {"id","text","title"?,"lang"?} on stdin').action(lazy(toolsModule, (m) => m.tagCommand));

  registerOpsCommands(program);
  registerDeliveryCommands(program);
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
