/**
 * Hostile and broken sources, one case per path of a local fault server. Each ends in a classified
 * error (or a clean read) and the next case goes on; memory stays bounded through bombs and huge bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, type FetchErrorKind } from '../../src/fetch/errors.js';
import { HttpClient } from '../../src/fetch/http.js';
import { startFaultServer } from './fault-server.js';
import type { FixtureServer } from '../helpers/fixture-server.js';

const MAX_BYTES = 1024 * 1024;
/** Generous: a bomb or a 50 MB body held in memory would pass it many times over. */
const RSS_GROWTH_LIMIT = 200 * 1024 * 1024;

const FAILURES: [string, FetchErrorKind, boolean][] = [
  ['/hang', 'timeout', false],
  ['/trickle-headers', 'timeout', false],
  ['/trickle-body', 'timeout', false],
  ['/loop-a', 'redirect', true],
  ['/chain/0', 'redirect', true],
  ['/gone-404', 'http-4xx', true],
  ['/gone-410', 'http-4xx', true],
  ['/server-500', 'http-5xx', false],
  ['/busy-429', 'rate-limited', false],
  ['/busy-503', 'rate-limited', false],
  ['/gzip-bomb', 'too-large', true],
  ['/gzip-bomb-undeclared', 'too-large', true],
  ['/huge', 'too-large', true],
];

describe('fetching from a hostile server', () => {
  let server: FixtureServer;
  let client: HttpClient;
  let rssBefore = 0;

  beforeAll(async () => {
    server = await startFaultServer();
    client = new HttpClient({ timeoutMs: 2_500, maxBytes: MAX_BYTES, maxRedirects: 5, userAgent: 'mediamon/0.1 (+https://example.org/contact)', allowHosts: ['127.0.0.1'] });
    rssBefore = process.memoryUsage().rss;
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it.each(FAILURES)('%s fails as %s (permanent: %s)', async (path, kind, permanent) => {
    const error = await client.fetch({ url: `${server.url}${path}` }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    const fetchError = error as FetchError;
    expect(fetchError.kind, fetchError.message).toBe(kind);
    expect(fetchError.permanent).toBe(permanent);
    expect(fetchError.message).toMatch(/^fetch: /);
  });

  it('reads Retry-After as seconds and as an HTTP date', async () => {
    const seconds = await client.fetch({ url: `${server.url}/busy-429` }).catch((e: FetchError) => e);
    expect((seconds as FetchError).details.retryAfterMs).toBe(120_000);
    const date = await client.fetch({ url: `${server.url}/busy-503` }).catch((e: FetchError) => e);
    expect((date as FetchError).details.retryAfterMs).toBeGreaterThan(500_000);
  });

  it('follows a chain within the cap', async () => {
    const res = await client.fetch({ url: `${server.url}/chain/8` });
    expect(res.url).toBe(`${server.url}/chain/12`);
    expect(res.status).toBe(200);
  });

  it('answers a conditional GET with 304 as not modified', async () => {
    const first = await client.fetch({ url: `${server.url}/etag` });
    expect(first.etag).toBe('"v1"');
    const second = await client.fetch({ url: `${server.url}/etag`, etag: first.etag });
    expect(second.notModified).toBe(true);
    expect(second.body.length).toBe(0);
  });

  it.each(['gzip', 'deflate', 'raw-deflate', 'br'])('decodes a %s body', async (name) => {
    const res = await client.fetch({ url: `${server.url}/encoded/${name}` });
    expect(Buffer.from(res.body).toString()).toContain('<title>Fault feed</title>');
  });

  it('sends a User-Agent naming the tool and a contact URL', async () => {
    let seen: string | undefined;
    server.routes.set('/ua', (req, res) => {
      seen = req.headers['user-agent'];
      res.end('ok');
    });
    await client.fetch({ url: `${server.url}/ua` });
    expect(seen).toBe('mediamon/0.1 (+https://example.org/contact)');
  });

  it('keeps memory bounded through bombs, huge and trickled bodies', () => {
    const growth = process.memoryUsage().rss - rssBefore;
    expect(growth).toBeLessThan(RSS_GROWTH_LIMIT);
  });
});
