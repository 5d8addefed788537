/**
 * `feeds check` through the project's HTTP client reports the kind of a transport failure (rate-limited,
 * too-large, blocked, http-4xx) instead of a generic `fetch`, and says "fetch:" once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFeed } from '../../src/sources/check.js';
import { HttpClient } from '../../src/fetch/http.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';

describe('feeds check: error kinds', () => {
  let server: FixtureServer;
  const client = (allowHosts: string[]) => new HttpClient({ timeoutMs: 2_000, maxBytes: 10_000, maxRedirects: 3, userAgent: 'mediamon-test', allowHosts });
  const check = async (url: string, allowHosts = ['127.0.0.1']) => {
    const http = client(allowHosts);
    try {
      return await checkFeed(url, { fetchBytes: async (u) => { const r = await http.fetch({ url: u }); return { body: r.body, contentType: r.contentType, finalUrl: r.url }; } });
    } finally {
      await http.close();
    }
  };

  beforeAll(async () => {
    server = await startFixtureServer({
      '/busy.xml': { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' },
      '/huge.xml': { headers: { 'content-type': 'application/rss+xml' }, body: `<rss version="2.0"><channel>${'x'.repeat(50_000)}</channel></rss>` },
      '/gone.xml': { status: 404, body: 'gone' },
      '/loop.xml': { status: 302, headers: { location: '/loop.xml' }, body: '' },
      // Headers never come: the client's whole-request timeout (2 s here).
      '/hang.xml': () => undefined,
    });
  });
  afterAll(async () => server?.close());

  it.each([
    ['/busy.xml', 'rate-limited'],
    ['/huge.xml', 'too-large'],
    ['/gone.xml', 'http-4xx'],
    ['/loop.xml', 'redirect'],
    ['/hang.xml', 'timeout'],
  ])('%s → %s', async (route, kind) => {
    const r = await check(`${server.url}${route}`);
    expect(r.ok).toBe(false);
    expect(r.error?.kind).toBe(kind);
    expect(r.error?.message).toMatch(/^fetch: /);
    expect(r.error?.message).not.toMatch(/fetch: fetch:/);
  });

  it('a private address without an allow list is blocked', async () => {
    const r = await check(`${server.url}/gone.xml`, []);
    expect(r.error?.kind).toBe('blocked');
  });
});
