/**
 * The poll stage over hostile sources, in-process against real Redis and a SQLite store: each broken
 * feed ends in a classified status on its row and the others go on; permanent failures disable a feed
 * (and `feeds list` says why); Retry-After holds back that host only; an unchanged body costs no parse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { pollFeed, type PollOptions } from '../../src/pipeline/poll.js';
import { jobDeps } from '../../src/pipeline/runtime.js';
import { runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import type { FixtureServer } from '../helpers/fixture-server.js';
import { useRuntime } from '../helpers/runtime.js';
import { faultRoutes, RUSSIAN_TITLE, startFaultServer } from './fault-server.js';

/** Feed id -> path on the fault server, and the status its poll must end in. */
const CASES: [string, string, string][] = [
  ['ok', '/ok', 'ok'],
  ['no-type', '/no-content-type', 'ok'],
  ['wrong-type', '/wrong-content-type', 'ok'],
  ['gzip', '/encoded/gzip', 'ok'],
  ['br', '/encoded/br', 'ok'],
  ['deflate', '/encoded/raw-deflate', 'ok'],
  ['malformed', '/malformed', 'ok'],
  ['invalid-utf8', '/invalid-utf8', 'ok'],
  ['cp1251', '/cp1251', 'ok'],
  ['koi8r', '/koi8r', 'ok'],
  ['entity-bomb', '/entity-bomb', 'ok'],
  ['deep-xml', '/deep-xml', 'malformed'],
  ['hang', '/hang', 'timeout'],
  ['trickle', '/trickle-body', 'timeout'],
  ['loop', '/loop-a', 'redirect'],
  ['gone', '/gone-410', 'http-4xx'],
  ['missing', '/gone-404', 'http-4xx'],
  ['broken', '/server-500', 'http-5xx'],
  ['bomb', '/gzip-bomb', 'too-large'],
  ['huge', '/huge', 'too-large'],
  ['html', '/html-as-feed', 'not-a-feed'],
  ['garbage', '/garbage', 'malformed'],
];
const RSS_GROWTH_LIMIT = 300 * 1024 * 1024;

describe('polling hostile feeds', () => {
  // Host a is the end-to-end world's server; host b, a second fault server, is another host.
  const e2e = useE2E({ routes: faultRoutes });
  let a: FixtureServer;
  let b: FixtureServer;

  // The feeds name both hosts, so the config is written once b is up (before the runtime reads it).
  beforeAll(async () => {
    a = e2e.server;
    b = await startFaultServer();
    e2e.onClose(() => b.close());
    const feeds = CASES.map(([id, path]) => ({ id, url: `${a.url}${path}` }));
    feeds.push({ id: 'same-host', url: `${a.url}/ok?same-host` }, { id: 'limited', url: `${a.url}/busy-429` }, { id: 'other-host', url: `${b.url}/ok` });
    e2e.configure(feeds, { fetch: { timeout: '2s', maxBytes: 2 * 1024 * 1024 }, polling: { disableAfter: 2 } });
  });
  const world = useRuntime(e2e);
  // As the poll worker calls it: the dependencies of one job.
  const poll = (feedId: string, options: PollOptions = {}) => pollFeed(jobDeps(world.rt, silentLogger), feedId, options);

  it('classifies every broken feed on its row and reads the rest', async () => {
    const rssBefore = process.memoryUsage().rss;
    const outcomes = await Promise.all(CASES.map(([id]) => poll(id, { force: true })));
    for (const [i, [id, , expected]] of CASES.entries()) {
      const row = await world.rt.store.getFeed(id);
      expect(row?.lastStatus, `${id}: ${row?.lastError}`).toBe(expected);
      expect(outcomes[i]!.status).toBe(expected === 'ok' ? 'ok' : 'error');
      if (expected !== 'ok') expect(row?.lastError).toMatch(/^(fetch|feeds): /);
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT);
  });

  it('decodes undeclared windows-1251 and KOI8-R', async () => {
    for (const id of ['cp1251', 'koi8r']) expect((await world.rt.store.getFeed(id))?.title).toBe(RUSSIAN_TITLE);
  });

  it('does not expand entity bombs', async () => {
    expect(((await world.rt.store.getFeed('entity-bomb'))?.title ?? '').length).toBeLessThan(10_000);
  });

  it('disables a feed after N consecutive permanent failures, and feeds list says why', async () => {
    await poll('gone', { force: true });
    const row = await world.rt.store.getFeed('gone');
    expect(row?.disabledReason).toMatch(/2 consecutive permanent failures, last: fetch: .*HTTP 410/);
    expect((await poll('gone', { force: true })).status).toBe('skipped');
    const broken = await world.rt.store.getFeed('broken');
    expect(broken?.disabledReason ?? null).toBeNull();
    const list = await runCli(['feeds', 'list', '--json'], e2e.env);
    expect(list.code, list.stderr).toBe(0);
    const gone = list.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((f) => f.id === 'gone');
    expect(String(gone?.disabled_reason)).toMatch(/HTTP 410/);
  });

  it('reports an unchanged body without validators as unchanged (no parse)', async () => {
    expect((await poll('no-type', { force: true })).status).toBe('unchanged');
  });

  it('honours Retry-After for that host only', async () => {
    const outcome = await poll('limited', { force: true });
    expect(outcome.status).toBe('error');
    const row = await world.rt.store.getFeed('limited');
    expect(row?.lastStatus).toBe('rate-limited');
    expect(Date.parse(row!.nextPollAt!) - Date.now()).toBeGreaterThan(100_000);
    expect((await poll('limited')).status).toBe('skipped');
    // Another feed on the same host is held back without a request; another host is not.
    const hitsBefore = a.hits.get('/ok') ?? 0;
    expect((await poll('same-host', { force: true })).status).toBe('error');
    expect((await world.rt.store.getFeed('same-host'))?.lastStatus).toBe('rate-limited');
    expect(a.hits.get('/ok') ?? 0).toBe(hitsBefore);
    expect((await poll('other-host', { force: true })).status).toBe('ok');
  });

  it('uses the validators: a 304 is not modified', async () => {
    world.rt.current.config.feeds.push({ id: 'etag', url: `${b.url}/etag`, enabled: true, tags: [] });
    await world.rt.store.syncFeeds(world.rt.current.config.feeds.map((f) => ({ id: f.id, url: f.url, title: null })));
    expect((await poll('etag', { force: true })).status).toBe('ok');
    expect((await poll('etag', { force: true })).status).toBe('not-modified');
  });

  it('follows Cache-Control max-age for the next poll', async () => {
    b.routes.set('/cached', { headers: { 'content-type': 'application/rss+xml', 'cache-control': 'public, max-age=7200' }, body: String((b.routes.get('/ok') as { body: string }).body) });
    world.rt.current.config.feeds.push({ id: 'cached', url: `${b.url}/cached`, enabled: true, tags: [] });
    await world.rt.store.syncFeeds(world.rt.current.config.feeds.map((f) => ({ id: f.id, url: f.url, title: null })));
    await poll('cached', { force: true });
    const row = await world.rt.store.getFeed('cached');
    expect(row?.intervalMs).toBeGreaterThanOrEqual(7_200_000);
  });
});
