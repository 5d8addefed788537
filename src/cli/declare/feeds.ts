/** `mediamon feeds ...`, run by src/cli/commands/feeds.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/feeds.js');

export function registerFeeds(program: Command): void {
  const feeds = program.command('feeds').description('watched feeds');
  feeds.command('list').description("each feed's health").option('--json', 'one JSON object a line').action(lazy(load, (m) => m.feedsListCommand));
  feeds.command('add <url>').description('watch a feed (a web page that advertises its feed gets it offered)')
    .option('--id <id>').option('--title <title>').option('--interval <duration>', 'e.g. 10m').option('--language <code>')
    .option('--no-check', 'add without fetching it first').action(lazy(load, (m) => m.feedsAddCommand));
  feeds.command('remove <id>').description('stop watching a feed').action(lazy(load, (m) => m.feedsRemoveCommand));
  feeds.command('import <opml>').description('add the feeds of an OPML file').action(lazy(load, (m) => m.feedsImportCommand));
  feeds.command('export').description('write the feeds as OPML').option('-o, --out <file>').action(lazy(load, (m) => m.feedsExportCommand));
  feeds.command('poll [ids...]').description('poll now: every enabled feed, or the ones named').action(lazy(load, (m) => m.feedsPollCommand));
  feeds.command('check <inputs...>').description('read feeds (URLs or files) and report what was found, storing nothing')
    .option('--jsonl', 'one JSON object a line').action(lazy(load, (m) => m.feedsCheckCommand));
}
