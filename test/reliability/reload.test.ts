/**
 * Hot reload: a running `mediamon run` keeps its last good config when SIGHUP brings a bad one (and
 * says why, with file and key), and applies a good one (a new feed is synced, scheduled and polled).
 * In process: a reload replaces config, analyzer and HTTP client together, in one frozen snapshot, and
 * leaves the snapshot a running job holds as it was.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { installReload } from '../../src/cli/reload.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { createRuntime } from '../../src/pipeline/runtime.js';
import { openStore, type Store } from '../../src/store/index.js';
import { writeTestConfig } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { rssFeed, type Route } from '../helpers/fixture-server.js';
import { REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const WAIT_LIMIT_MS = 45_000;

function feedRoutes(url: string, name: string, count: number): Record<string, Route> {
  const items = Array.from({ length: count }, (_, i) => ({ title: `${name} story ${i}`, link: `${url}/${name}/${i}`, description: `Story ${i} of ${name}.` }));
  const routes: Record<string, Route> = { [`/${name}.xml`]: { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed(name, items) } };
  for (const item of items) {
    routes[new URL(item.link).pathname] = { headers: { 'content-type': 'text/html' }, body: `<html><body><article><h1>${item.title}</h1><p>${item.description} A longer paragraph of the story so there is a body to extract from the page.</p></article></body></html>` };
  }
  return routes;
}

describe('hot reload of a running process', () => {
  const e2e = useE2E({
    routes: (url) => ({ ...feedRoutes(url, 'alpha', 3), ...feedRoutes(url, 'beta', 2) }),
    feeds: (url) => [{ id: 'alpha', url: `${url}/alpha.xml` }],
  });
  let child: ChildProcess;
  let stderr = '';
  let store: Store;

  beforeAll(async () => {
    child = e2e.spawn(['run', '--no-server']);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
  });

  it('runs the first config', async () => {
    await until(async () => (await store.counts()).articles === 3, 'the three alpha articles', WAIT_LIMIT_MS);
  });

  it('keeps the last good config when the new one is bad, and logs why', async () => {
    writeFileSync(path.join(e2e.dir, 'feeds.yaml'), YAML.stringify({ feeds: [{ id: 'alpha', url: `${e2e.server.url}/alpha.xml`, colour: 'red' }] }));
    child.kill('SIGHUP');
    await until(() => stderr.includes('reload refused'), 'the refusal in the log', WAIT_LIMIT_MS);
    expect(stderr).toMatch(/feeds\.yaml: feeds\[alpha\]: .*colour/);
    expect(child.exitCode).toBeNull();
  });

  it('refuses a watchlist whose pattern does not compile (the analyzer is built before applying)', async () => {
    writeFileSync(path.join(e2e.dir, 'feeds.yaml'), YAML.stringify({ feeds: [{ id: 'alpha', url: `${e2e.server.url}/alpha.xml` }] }));
    const file = path.join(e2e.dir, 'watchlist.yaml');
    const good = readFileSync(file, 'utf8');
    const doc = YAML.parse(good) as { entries: Record<string, unknown>[] };
    doc.entries[0]!.notPrecededBy = ['(unclosed'];
    writeFileSync(file, YAML.stringify(doc));
    child.kill('SIGHUP');
    // Wait for this refusal itself: the previous one may still be arriving from the other process (the
    // analyze child reloads too), so counting refusals could end the wait too early.
    const refusal = /reload refused[^\n]*watchlist\.yaml: .*(regular expression|unclosed|Unterminated)/i;
    await until(() => refusal.test(stderr), 'the watchlist refusal', WAIT_LIMIT_MS);
    writeFileSync(file, good);
    expect(child.exitCode).toBeNull();
  });

  it('applies a good config: a new feed is synced and polled', async () => {
    writeFileSync(path.join(e2e.dir, 'feeds.yaml'), YAML.stringify({ feeds: [{ id: 'alpha', url: `${e2e.server.url}/alpha.xml` }, { id: 'beta', url: `${e2e.server.url}/beta.xml` }] }));
    child.kill('SIGHUP');
    await until(async () => (await store.counts()).articles === 5, 'the two beta articles').catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    expect(stderr).toContain('config: reloaded');
    expect((await store.getFeed('beta'))?.lastStatus).toBe('ok');
    expect(child.exitCode).toBeNull();
  });
});

describe('a reload swaps one snapshot', () => {
  const temp = tempDir();
  const redis = redisPrefix();
  afterAll(async () => {
    await redis.drop();
    temp.drop();
  });

  it('replaces config, analyzer and HTTP client together; a bad config replaces nothing', async () => {
    const feeds = [{ id: 'alpha', url: 'http://127.0.0.1:9/alpha.xml' }];
    writeTestConfig(temp.dir, feeds);
    const rt = await createRuntime(loadConfig(temp.dir), { redisUrl: REDIS_URL, databaseUrl: `sqlite:${path.join(temp.dir, 'store.db')}`, logger: silentLogger, prefix: redis.prefix });
    const reloader = installReload(rt, { schedules: false, watch: false, follow: false, quiet: true });
    try {
      const before = rt.current;
      writeTestConfig(temp.dir, [...feeds, { id: 'beta', url: 'http://127.0.0.1:9/beta.xml' }], { fetch: { timeout: '7s' } });
      expect(await reloader.reload()).toEqual({ applied: true, problems: [] });
      const after = rt.current;
      expect(Object.isFrozen(after)).toBe(true);
      expect(after.config.feeds.map((f) => f.id)).toEqual(['alpha', 'beta']);
      expect(after.config.settings.fetch.timeout).toBe(7_000);
      // The analyzer is the one built from that config, and the client is new with it.
      expect(after.analyzer.source.feeds.map((f) => f.id)).toEqual(['alpha', 'beta']);
      expect(after.analyzer).not.toBe(before.analyzer);
      expect(after.http).not.toBe(before.http);
      // A job that started before the reload keeps the snapshot it read, untouched.
      expect(before.config.feeds.map((f) => f.id)).toEqual(['alpha']);
      expect(before.analyzer.source.feeds.map((f) => f.id)).toEqual(['alpha']);

      writeFileSync(path.join(temp.dir, 'feeds.yaml'), YAML.stringify({ feeds: [{ ...feeds[0], colour: 'red' }] }));
      expect((await reloader.reload()).applied).toBe(false);
      expect(rt.current).toBe(after);
    } finally {
      reloader.close();
      await rt.close();
    }
  });
});
