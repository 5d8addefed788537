/**
 * Bad input never stops the run: an unreachable feed, a 404, HTML served as a feed, malformed XML and a
 * page over the size cap each end in a clear error naming what failed, and the good feed's alerts are
 * still raised. A bad config file exits 2 naming the file and key.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { rssFeed } from '../helpers/fixture-server.js';
import { tempDir } from '../helpers/services.js';
import { SEED_RULES, seedRoutes } from './seed-fixture.js';

const MAX_BYTES = 200_000;

describe('bad input in a run', () => {
  const e2e = useE2E({
    routes: (url) => {
      const big = `<html><body><article><p>${'Pushilin announced an evacuation of the DPR. '.repeat(30_000)}</p></article></body></html>`;
      return {
        ...seedRoutes(url),
        '/missing.xml': { status: 404, body: 'gone' },
        '/page.html': { headers: { 'content-type': 'text/html' }, body: '<html><head><title>Home</title></head><body><p>Welcome</p></body></html>' },
        '/broken.xml': { headers: { 'content-type': 'application/rss+xml' }, body: '<rss version="2.0"><channel><title>Broken</title><item><title>unclosed' },
        '/big-feed.xml': {
          headers: { 'content-type': 'application/rss+xml' },
          body: rssFeed('Big pages', [{ title: 'Pushilin orders evacuation of the DPR', link: `${url}/big.html`, description: 'Denis Pushilin ordered the evacuation of civilians from the DPR to Russia.' }]),
        },
        '/big.html': { headers: { 'content-type': 'text/html' }, body: big },
      };
    },
    feeds: (url) => [
      { id: 'good', url: `${url}/feed.xml` },
      { id: 'unreachable', url: 'http://127.0.0.1:9/feed.xml' },
      { id: 'missing', url: `${url}/missing.xml` },
      { id: 'html-page', url: `${url}/page.html` },
      { id: 'broken-xml', url: `${url}/broken.xml` },
      { id: 'big-pages', url: `${url}/big-feed.xml` },
    ],
    settings: () => ({ fetch: { timeout: '3s', maxBytes: MAX_BYTES } }),
  });

  it('records each failure on its feed and still raises the good alerts', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/polled 6 feeds \(3 failing\), \d+ new articles/);
    expect(run.stderr).toMatch(/feed unreachable: network: .*127\.0\.0\.1:9/);
    expect(run.stderr).toMatch(/feed missing: http-4xx: .*missing\.xml: HTTP 404/);
    expect(run.stderr).toMatch(/feed html-page: not-a-feed: /);

    const feeds = jsonLines<{ id: string; last_status: string; consecutive_errors: number; last_error: string | null }>(
      (await runCli(['feeds', 'list', '--json'], e2e.env)).stdout,
    );
    const byId = Object.fromEntries(feeds.map((f) => [f.id, f]));
    expect(byId.good).toMatchObject({ last_status: 'ok', consecutive_errors: 0 });
    expect(byId.missing).toMatchObject({ last_status: 'http-4xx', consecutive_errors: 1 });
    expect(byId['html-page']!.last_error).toMatch(/not a feed/i);
    // A truncated document is repaired as far as it goes, or reported: either way nothing crashes.
    expect(['ok', 'malformed', 'empty']).toContain(byId['broken-xml']!.last_status);

    const alerts = jsonLines<{ rule: string; url: string; method: string; fetch_error: string | null }>(
      (await runCli(['alerts', 'list', '--json'], e2e.env)).stdout,
    );
    expect(alerts.map((a) => a.rule)).toEqual(expect.arrayContaining(SEED_RULES));
    // The page over the cap is not lost: the feed's own text was analysed, and the alert says so.
    const big = alerts.filter((a) => a.url.endsWith('/big.html'));
    expect(big.length).toBeGreaterThan(0);
    for (const alert of big) {
      expect(alert.method).toBe('feed-fallback');
      expect(alert.fetch_error).toMatch(/big\.html: body exceeds 200000 bytes/);
    }
  });

  it('exits 2 on a bad config file, naming the file and the key', async () => {
    const bad = tempDir();
    try {
      writeTestConfig(bad.dir, [{ id: 'ok', url: `${e2e.server.url}/feed.xml` }]);
      writeFileSync(path.join(bad.dir, 'feeds.yaml'), 'feeds:\n  - id: ok\n    url: ftp://example.org/feed\n  - id: ok\n    url: http://example.org/x\n    colour: red\n');
      const run = await runCli(['run', '--once'], { ...e2e.env, MEDIAMON_CONFIG: bad.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('feeds.yaml: feeds[0].url: must be an http(s) URL');
      expect(run.stderr).toMatch(/feeds\.yaml: feeds\[1\]: Unrecognized key.*colour/);
      const check = await runCli(['config', 'check'], { ...e2e.env, MEDIAMON_CONFIG: bad.dir });
      expect(check.code).toBe(2);
      writeFileSync(path.join(bad.dir, 'feeds.yaml'), 'feeds: [ {id: x, url: "http://a"\n');
      const yamlError = await runCli(['config', 'check'], { ...e2e.env, MEDIAMON_CONFIG: bad.dir });
      expect(yamlError.code).toBe(2);
      expect(yamlError.stderr).toMatch(/feeds\.yaml: /);
    } finally {
      bad.drop();
    }
  });
});
