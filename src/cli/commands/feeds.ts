/** `mediamon feeds list|add|remove|import|export|check`: the watched feeds and their health. */
import { readFile, writeFile } from 'node:fs/promises';
import { configDir } from '../../config/load.js';
import { FeedsFile, idForTitle, idForUrl } from '../../config/feeds-file.js';
import { parseOpml, toOpml, type OpmlFeed } from '../../config/opml.js';
import { parseDurationMs } from '../../settings/duration.js';
import { FetchError } from '../../fetch/errors.js';
import { discoverFeedLinks, parseFeed } from '../../feeds/index.js';
import { checkFeed, type FeedCheckResult } from '../../sources/check.js';
import { decodeBytes } from '../../fetch/charset.js';
import { listingCheckLines } from '../../sources/listing-check.js';
import { createHttpClient } from '../../pipeline/runtime.js';
import { openStore, redactDatabaseUrl, type FeedState } from '../../store/index.js';
import { nextPollTime, readFeedTicks, type SchedulerTick } from '../next-poll.js';
import { announceConfigChange } from '../config-announce.js';
import { pollAndReport } from '../poll-wait.js';
import { checkTelegramChannel, checkTelegramFile, telegramTarget, type TelegramCheckResult } from '../../sources/telegram-check.js';
import { fetchTelegramPage } from '../../sources/telegram-fetch.js';
import { TelegramError } from '../../sources/telegram-errors.js';
import { telegramUsername } from '../../settings/telegram-url.js';
import { CliError, environment, EXIT_FAILURE, EXIT_USAGE, loadConfigOrFail, printJson, type GlobalOptions } from '../context.js';

/** The next poll a person should expect: the scheduler's first tick once the feed is due, or why there is none. */
function nextPoll(enabled: boolean, state: FeedState | undefined, ticks: Map<string, SchedulerTick> | Error, feedId: string, now: number) {
  const due = state?.nextPollAt ?? null;
  if (!enabled) return { next: null, note: 'not polled' };
  if (ticks instanceof Error) return { next: null, note: `schedule unknown; due ${due ?? 'now'}` };
  const tick = ticks.get(feedId);
  if (!tick) return { next: null, note: 'not scheduled: starts with `mediamon run` or `mediamon worker poll`' };
  const next = new Date(nextPollTime(tick, due === null ? null : Date.parse(due), now)).toISOString();
  return { next, note: state?.consecutiveErrors ? `backing off after ${state.consecutiveErrors} error(s); the schedule checks every ${formatEvery(tick.every)}` : null };
}

function formatEvery(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

export async function feedsListCommand(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const config = loadConfigOrFail(options);
  const store = await openStore(environment().databaseUrl);
  try {
    const states = new Map((await store.listFeeds()).map((s) => [s.id, s]));
    const ticks = await readFeedTicks(environment().redisUrl, config.settings.queues.prefix, config.feeds.filter((f) => f.enabled).map((f) => f.id));
    if (ticks instanceof Error) {
      process.stderr.write(`feeds list: cannot read the poll schedule from Redis at ${redactDatabaseUrl(environment().redisUrl)} (${ticks.message}); showing when each feed is due instead\n`);
    }
    const now = Date.now();
    for (const feed of config.feeds) {
      const s = states.get(feed.id);
      const enabled = feed.enabled && !s?.disabledReason;
      const next = nextPoll(enabled, s, ticks, feed.id, now);
      const row = {
        id: feed.id,
        url: feed.url,
        enabled,
        last_poll: s?.lastPolledAt ?? null,
        last_status: s?.lastStatus ?? null,
        consecutive_errors: s?.consecutiveErrors ?? 0,
        last_error: s?.lastError ?? null,
        next_poll: next.next,
        next_poll_note: next.note,
        due: s?.nextPollAt ?? null,
        items_seen: s?.itemsSeen ?? 0,
        disabled_reason: feed.enabled ? (s?.disabledReason ?? null) : 'disabled in feeds.yaml',
      };
      if (options.json) printJson(row);
      else {
        const health = row.disabled_reason ? `DISABLED: ${row.disabled_reason}` : row.consecutive_errors ? `FAILING x${row.consecutive_errors}: ${row.last_error}` : (row.last_status ?? 'never polled');
        const when = `${row.next_poll ?? '-'}${row.next_poll_note ? ` (${row.next_poll_note})` : ''}`;
        process.stdout.write(`${row.id}  ${health}\n    ${row.url}\n    last poll ${row.last_poll ?? '-'}  next ${when}  items seen ${row.items_seen}\n`);
      }
    }
  } finally {
    await store.close();
  }
}

interface AddOptions extends GlobalOptions {
  id?: string;
  title?: string;
  interval?: string;
  language?: string;
  check?: boolean;
}

/** Fetch a URL: a feed is fine; an HTML page that advertises feeds gets them offered; anything else fails. */
async function verifyFeedUrl(url: string, options: GlobalOptions): Promise<string | null> {
  const config = loadConfigOrFail(options);
  const http = createHttpClient(config);
  try {
    const res = await http.fetch({ url });
    try {
      return parseFeed(res.body, { url: res.url, contentType: res.contentType, maxBytes: config.settings.fetch.maxBytes }).title || null;
    } catch (error) {
      const html = decodeBytes(res.body, { contentType: res.contentType, kind: 'html' }).text;
      const found = discoverFeedLinks(html, res.url);
      if (found.length === 0) throw new CliError(`feeds add: ${url}: ${(error as Error).message}`);
      const offers = found.map((f) => `  mediamon feeds add ${f.url}${f.title ? `    # ${f.title}` : ''}`).join('\n');
      throw new CliError(`feeds add: ${url} is a web page, not a feed. It advertises:\n${offers}`);
    }
  } catch (error) {
    if (error instanceof FetchError) throw new CliError(`feeds add: ${error.message} (use --no-check to add it anyway)`);
    throw error;
  } finally {
    await http.close();
  }
}

/** Read the channel's newest preview page: it must exist and have a public preview. Returns its title. */
async function verifyTelegram(username: string, options: GlobalOptions): Promise<string | null> {
  const config = loadConfigOrFail(options);
  const http = createHttpClient(config);
  try {
    return (await fetchTelegramPage(http, config.settings.telegram.baseUrl, username)).page.title;
  } catch (error) {
    if (error instanceof TelegramError) throw new CliError(`feeds add: ${error.message}`);
    if (error instanceof FetchError) throw new CliError(`feeds add: ${error.message} (use --no-check to add it anyway)`);
    throw error;
  } finally {
    await http.close();
  }
}

/** `feeds add https://t.me/<name>` (or t.me/s/<name>, or @name): a `{ id, telegram }` entry. */
async function addTelegram(file: FeedsFile, username: string, options: AddOptions): Promise<void> {
  const existing = file.hasTelegram(username);
  if (existing) throw new CliError(`feeds add: @${username} is already watched as '${existing.id}'`);
  if (options.id && file.has(options.id)) throw new CliError(`feeds add: id '${options.id}' is taken`, EXIT_USAGE);
  const title = options.check === false ? null : await verifyTelegram(username, options);
  const id = options.id ?? file.freeId(`tg-${username}`);
  file.add({ id, url: '', telegram: username, title: options.title ?? title ?? undefined, interval: options.interval, language: options.language });
  file.save();
  process.stdout.write(`added Telegram channel '${id}' (@${username}${title ? `, "${title}"` : ''}) to ${file.file}\n`);
}

export async function feedsAddCommand(url: string, options: AddOptions): Promise<void> {
  if (options.interval && parseDurationMs(options.interval) === null) throw new CliError(`feeds add: --interval: not a duration: ${options.interval}`, EXIT_USAGE);
  const file = FeedsFile.open(configDir(options.config));
  const channel = telegramUsername(url);
  if (channel) return addTelegram(file, channel, options);
  const existing = file.hasUrl(url);
  if (existing) throw new CliError(`feeds add: ${url} is already watched as '${existing.id}'`);
  if (options.id && file.has(options.id)) throw new CliError(`feeds add: id '${options.id}' is taken`, EXIT_USAGE);
  const discoveredTitle = options.check === false ? null : await verifyFeedUrl(url, options);
  const id = options.id ?? file.freeId(idForUrl(url));
  file.add({ id, url, title: options.title ?? discoveredTitle ?? undefined, interval: options.interval, language: options.language });
  file.save();
  await announceConfigChange(options);
  process.stdout.write(`added feed '${id}' (${url}) to ${file.file}\n`);
}

export async function feedsRemoveCommand(id: string, options: GlobalOptions): Promise<void> {
  const file = FeedsFile.open(configDir(options.config));
  if (!file.remove(id)) throw new CliError(`feeds remove: no feed with id '${id}' in ${file.file}`);
  file.save();
  await announceConfigChange(options);
  process.stdout.write(`removed feed '${id}'\n`);
}

/** The feeds of an OPML file, or a one-line CliError: unreadable, not OPML, truncated, or without feeds. */
async function readOpmlFeeds(opmlFile: string): Promise<OpmlFeed[]> {
  const text = await readFile(opmlFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'is a folder' : error.code === 'EACCES' ? 'permission denied' : error.message;
    throw new CliError(`feeds import: cannot read ${opmlFile}: ${why}`);
  });
  let feeds: OpmlFeed[];
  try {
    feeds = parseOpml(text);
  } catch (error) {
    throw new CliError(`feeds import: ${opmlFile}: ${(error as Error).message}`);
  }
  if (feeds.length === 0) throw new CliError(`feeds import: ${opmlFile}: no feeds in it (no <outline> with an xmlUrl)`);
  return feeds;
}

export async function feedsImportCommand(opmlFile: string, options: GlobalOptions): Promise<void> {
  const feeds = await readOpmlFeeds(opmlFile);
  const file = FeedsFile.open(configDir(options.config));
  let added = 0;
  let skipped = 0;
  feeds.forEach((feed, index) => {
    if (file.hasUrl(feed.url)) skipped++;
    else {
      const base = (feed.title && idForTitle(feed.title)) || idForUrl(feed.url);
      file.add({ id: file.freeId(base), url: feed.url, title: feed.title ?? undefined });
      added++;
    }
    if (process.stderr.isTTY && (index + 1) % 50 === 0) process.stderr.write(`\rimported ${index + 1}/${feeds.length}`);
  });
  if (process.stderr.isTTY && feeds.length >= 50) process.stderr.write('\n');
  file.save();
  await announceConfigChange(options);
  process.stdout.write(`imported ${added} feeds from ${opmlFile} (${skipped} already watched)\n`);
}

export async function feedsExportCommand(options: GlobalOptions & { out?: string }): Promise<void> {
  const opml = toOpml(FeedsFile.open(configDir(options.config)).feeds());
  if (options.out) await writeFile(options.out, opml);
  else process.stdout.write(opml);
}

export async function feedsCheckCommand(inputs: string[], options: GlobalOptions & { jsonl?: boolean }): Promise<void> {
  const config = loadConfigOrFail(options);
  const http = createHttpClient(config);
  let failed = 0;
  try {
    for (const input of inputs) {
      const channel = telegramTarget(input, config.settings.telegram.baseUrl);
      const result = channel
        ? await checkTelegramChannel(input, channel, http, config.settings.telegram.baseUrl)
        : ((await checkTelegramFile(input)) ?? await checkFeed(input, {
          maxBytes: config.settings.fetch.maxBytes,
          fetchBytes: async (url: string) => {
            const res = await http.fetch({ url });
            return { body: res.body, contentType: res.contentType, finalUrl: res.url };
          },
        }));
      if (!result.ok) failed++;
      if (options.jsonl) printJson(result);
      else process.stdout.write(`${checkLine(result)}\n`);
    }
  } finally {
    await http.close();
  }
  if (failed > 0) process.exitCode = EXIT_FAILURE;
}

/** One line a feed for people: the verdict, what was repaired, and whether strict readers cope. */
function checkLine(r: FeedCheckResult | TelegramCheckResult): string {
  if (!r.ok) return [`${r.input}: ${r.error?.kind}: ${r.error?.message}`, ...listingCheckLines((r as FeedCheckResult).listing)].join('\n');
  if (r.format === 'telegram') {
    const t = r as TelegramCheckResult;
    const posts = `${t.items.length} post${t.items.length === 1 ? '' : 's'}`;
    return `${t.input}: ok, telegram, "${t.title ?? ''}", ${posts}, ${t.before === null ? 'no older page' : `older page before=${t.before}`}`;
  }
  r = r as FeedCheckResult;
  const items = `${r.items.length} item${r.items.length === 1 ? '' : 's'}`;
  const parts = [`${r.input}: ok, ${r.format} (${r.encoding}), "${r.title}", ${items}`];
  if (r.repairs.length) parts.push(`repaired: ${r.repairs.join(', ')}`);
  if (r.strict && !r.strict.ok) parts.push(`strict readers (rss-parser) reject it: ${r.strict.error}`);
  return parts.join('; ');
}

/** `mediamon feeds poll [ids...]`: poll now (every enabled feed, or the ones named) and say what happened. */
export async function feedsPollCommand(ids: string[], options: GlobalOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const unknown = ids.filter((id) => !config.feeds.some((f) => f.id === id));
  if (unknown.length) throw new CliError(`feeds poll: unknown feed id(s): ${unknown.join(', ')}`, EXIT_USAGE);
  const feeds = config.feeds.filter((f) => f.enabled && (ids.length === 0 || ids.includes(f.id)));
  await pollAndReport(config, feeds.map((f) => f.id));
}
