/**
 * What the operator of `mediamon run` sees and can do without signals, against real servers (a fixture
 * feed server on 127.0.0.1, Redis, SQLite): a summary line per interval, each immediate alert as it is
 * raised, one log line per failing feed, a warning naming the likely cause when most feeds fail; a feed
 * added with `feeds add` is reloaded once (parent and analyze child, one log line) and its articles
 * stored; `feeds poll` says what happened; a removed feed is marked removed, its articles kept.
 * `run --once` exits 1 when every feed failed, 0 when some worked.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed, type Route } from '../helpers/fixture-server.js';
import { REPO_ROOT } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const WAIT_MS = 60_000;
/** Nothing listens on port 1 of 127.0.0.1: connections are refused. */
const REFUSED = 'http://127.0.0.1:1';
const ALERT_TITLE = 'Pushilin announces evacuation of Donetsk civilians';
const ALERT_TEXT = [
  "Denis Pushilin, the separatist leader of the self-proclaimed Donetsk People's Republic, announced on Friday the mass evacuation of women, children and the elderly to Russia.",
  'Buses were seen leaving Donetsk in the evening, and queues formed at the petrol stations of the city.',
];

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

function feedRoutes(url: string, name: string, stories: { title: string; paragraphs: string[] }[]): Record<string, Route> {
  const items = stories.map((s, i) => ({ title: s.title, link: `${url}/${name}/${i}`, description: s.paragraphs[0] }));
  const routes: Record<string, Route> = { [`/${name}.xml`]: { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(name, items) } };
  stories.forEach((s, i) => (routes[`/${name}/${i}`] = { headers: { 'content-type': 'text/html' }, body: newsPage({ title: s.title, paragraphs: s.paragraphs }) }));
  return routes;
}

const plain = (name: string, i: number) => ({
  title: `${name} story ${i}`,
  paragraphs: [`The ${name} desk reports story number ${i} about the harvest in the south.`, 'Farmers expect a good year, the regional office said on Tuesday.'],
});

describe('mediamon run, as its operator sees it', { timeout: 120_000 }, () => {
  const e2e = useE2E({
    routes: (url) => ({
      ...feedRoutes(url, 'alpha', [{ title: ALERT_TITLE, paragraphs: ALERT_TEXT }, plain('alpha', 1)]),
      ...feedRoutes(url, 'gamma', [plain('gamma', 0), plain('gamma', 1)]),
    }),
    feeds: (url) => [
      { id: 'alpha', url: `${url}/alpha.xml` },
      { id: 'down-1', url: `${REFUSED}/one.xml` },
      { id: 'down-2', url: `${REFUSED}/two.xml` },
      { id: 'down-3', url: `${REFUSED}/three.xml` },
    ],
    settings: () => ({ run: { summaryInterval: '2s' } }),
    env: { MEDIAMON_LOG_LEVEL: 'info' },
  });
  let child: ChildProcess;
  let stderr = '';
  let store: Store;
  const logs = (): LogLine[] => jsonLines<LogLine>(stderr.split('\n').filter((l) => l.startsWith('{')).join('\n'));

  beforeAll(async () => {
    cpSync(path.join(REPO_ROOT, 'config', 'subscriptions.yaml'), path.join(e2e.dir, 'subscriptions.yaml'));
    // Started from the temp folder: the shipped subscription's ./data/digests lands there.
    child = e2e.spawn(['run', '--no-server', '--analyze-procs', '1', '--config', e2e.dir], { cwd: e2e.dir });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
  });

  afterAll(async () => {
    if (process.env.RUN_OPERATOR_LOG) (await import('node:fs')).writeFileSync(process.env.RUN_OPERATOR_LOG, stderr);
  });

  it('logs JSON lines off a terminal: one line per failing feed, each immediate alert, a summary line per interval', async () => {
    await until(() => logs().some((l) => l.msg.startsWith('run: last') && Number(l.new_alerts) > 0), 'a summary line counting the alert', WAIT_MS);
    await until(() => logs().some((l) => l.msg.startsWith('alert: ')), 'the alert line', WAIT_MS);
    const lines = logs();
    const alert = lines.find((l) => l.msg.startsWith('alert: '));
    expect(alert?.msg).toBe(`alert: "${ALERT_TITLE}" (rule donbas-evacuation; Fixture News ${e2e.server.url}/alpha/0)`);
    expect(alert).toMatchObject({ alert_rule: 'donbas-evacuation', feed_id: 'alpha' });
    const failing = lines.filter((l) => String(l.msg).startsWith('poll: feed down-1 '));
    expect(failing.length).toBeGreaterThanOrEqual(1);
    expect(failing[0]!.msg).toMatch(/^poll: feed down-1 failing x1 \(network\): fetch: .*ECONNREFUSED/);
    const summary = lines.find((l) => l.msg.startsWith('run: last') && Number(l.new_alerts) > 0)!;
    expect(summary).toMatchObject({ feeds: 4, failing: 3 });
    expect(summary.msg).toMatch(/^run: last \d+ s: polled \d+ feeds? \(3 of 4 failing\), \d+ new articles?, [1-9]\d* alerts? \(stored: \d+ articles?, \d+ alerts?\)$/);
    // The shipped digest folder exists from the start, and the log says when the first digest lands.
    expect(existsSync(path.join(e2e.dir, 'data', 'digests'))).toBe(true);
  });

  it('warns when most feeds fail, naming the likely cause and `feeds list`', async () => {
    await until(() => logs().some((l) => l.msg.includes('feeds polled are failing')), 'the warning', WAIT_MS);
    const warning = logs().find((l) => l.msg.includes('feeds polled are failing'))!;
    expect(warning.level).toBe(40);
    expect(warning.msg).toMatch(/^run: 3 of 4 feeds polled are failing; likely cause: connections refused .*See `mediamon feeds list`/);
    expect(warning.cause).toBe('refused');
  });

  it('takes a feed added with `feeds add` without any signal, reloading once', async () => {
    const added = await runCli(['feeds', 'add', `${e2e.server.url}/gamma.xml`, '--id', 'gamma'], e2e.env);
    expect(added.code, added.stderr).toBe(0);
    await until(async () => (await store.listAlerts({ feed: 'gamma' })).length === 0 && (await store.counts()).articles === 4, 'the two gamma articles stored', WAIT_MS);
    expect(stderr).not.toMatch(/SIGHUP/);
    const reloads = logs().filter((l) => l.msg.startsWith('config: reloaded'));
    expect(reloads).toHaveLength(1);
    expect(reloads[0]!.msg).toMatch(/polling new: gamma/);
  });

  it('`feeds poll ID` says what happened to the poll', async () => {
    const poll = await runCli(['feeds', 'poll', 'gamma'], e2e.env);
    expect(poll.code, poll.stderr).toBe(0);
    expect(poll.stdout).toMatch(/^gamma: polled(: unchanged since the last poll| 2 items, 0 new)/);
    const down = await runCli(['feeds', 'poll', 'down-2'], e2e.env);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^down-2: failed: fetch: .*ECONNREFUSED/);
  });

  it('marks a removed feed removed in the store, keeping its articles', async () => {
    const before = (await store.counts()).articles;
    const removed = await runCli(['feeds', 'remove', 'gamma'], e2e.env);
    expect(removed.code, removed.stderr).toBe(0);
    await until(() => logs().filter((l) => l.msg.startsWith('config: reloaded')).length === 2, 'the second reload', WAIT_MS);
    expect(logs().filter((l) => l.msg.startsWith('config: reloaded'))[1]!.msg).toMatch(/4 feeds \(was 5\), removed \(articles kept\): gamma$/);
    expect((await store.getFeed('gamma'))?.removedAt).toMatch(/^\d{4}-/);
    expect((await store.counts()).articles).toBe(before);
    expect((await store.counts()).feeds).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(logs().filter((l) => l.msg.startsWith('config: reloaded'))).toHaveLength(2);
  });
});

describe('mediamon run --once, for cron', { timeout: 120_000 }, () => {
  const e2e = useE2E({ routes: (url) => feedRoutes(url, 'alpha', [plain('alpha', 0)]) });

  it('exits 1 with one line saying so when every feed failed, 0 when some worked', async () => {
    e2e.configure([{ id: 'down-1', url: `${REFUSED}/one.xml` }, { id: 'down-2', url: `${REFUSED}/two.xml` }]);
    const failed = await runCli(['run', '--once', '--analyze-procs', '0'], e2e.env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^run --once: polled 2 feeds \(2 failing\)/);
    const verdict = failed.stderr.split('\n').filter((l) => l.startsWith('run --once: every feed failed'));
    expect(verdict).toEqual(['run --once: every feed failed: all 2 feeds polled are failing; likely cause: connections refused (a firewall or proxy in the way, or the servers are down); see `mediamon feeds list`']);

    e2e.configure([{ id: 'down-1', url: `${REFUSED}/one.xml` }, { id: 'alpha', url: `${e2e.server.url}/alpha.xml` }]);
    const some = await runCli(['run', '--once', '--analyze-procs', '0'], e2e.env);
    expect(some.code, some.stderr).toBe(0);
    expect(some.stdout).toMatch(/^run --once: polled 2 feeds \(1 failing\), 1 new articles/);
    expect(some.stderr).not.toContain('every feed failed');
  });
});
