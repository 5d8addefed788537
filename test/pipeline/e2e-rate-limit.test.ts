/**
 * An article page whose host answers 429 with Retry-After is fetched again after that delay (no attempt
 * spent, no fallback to the feed's text); a host that keeps refusing past fetch.feedTextAfter has the
 * article read from the feed's text, and `run --once` ends without waiting for the page.
 */
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { newsPage, rssFeed } from '../helpers/fixture-server.js';

const TEXT = 'Denis Pushilin announced the evacuation of civilians from the DPR to the Rostov region on Friday.';

describe('rate-limited article pages', () => {
  const e2e = useE2E({
    routes: (url) => {
      let calls = 0;
      const page = newsPage({ title: 'Evacuation ordered', paragraphs: [TEXT, 'Kyiv called the announcement a provocation and denied any plan to attack.'] });
      // A second host name for the same server, so the refusing host does not hold up the other one.
      const other = url.replace('127.0.0.1', 'localhost');
      return {
        '/once/a': (_req, res) => {
          calls++;
          if (calls === 1) res.writeHead(429, { 'retry-after': '1' }).end('slow down');
          else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
        },
        '/always/b': { status: 429, headers: { 'retry-after': '1' }, body: 'no' },
        '/once.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Once', [{ title: 'Evacuation ordered', link: `${url}/once/a`, description: TEXT }]) },
        '/always.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Always', [{ title: 'Refused', link: `${other}/always/b`, description: TEXT }]) },
      };
    },
    feeds: (url) => [{ id: 'once', url: `${url}/once.xml` }, { id: 'always', url: `${url}/always.xml` }],
    // A page that waits past 2 s is read from the feed's text meanwhile; run --once does not wait for
    // its upgrade (the delayed job stays for a later run).
    settings: () => ({ fetch: { timeout: '5s', allowHosts: ['localhost'], feedTextAfter: '2s' } }),
  });

  it('waits for the host and then uses the page; gives up on a host that never lets in', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 new articles/);
    const alerts = jsonLines<{ url: string; method: string; fetch_error: string | null }>((await runCli(['alerts', 'list', '--json'], e2e.env)).stdout);
    const once = alerts.filter((a) => a.url.endsWith('/once/a'));
    expect(once.length).toBeGreaterThan(0);
    for (const alert of once) expect(alert.method).not.toBe('feed-fallback');
    expect(e2e.server.hits.get('/once/a')).toBe(2);
    const always = alerts.filter((a) => a.url.endsWith('/always/b'));
    expect(always.length).toBeGreaterThan(0);
    for (const alert of always) {
      expect(alert.method).toBe('feed-fallback');
      expect(alert.fetch_error).toMatch(/429|asked to wait/);
    }
  });
});
