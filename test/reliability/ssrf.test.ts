/**
 * The private-network guard: every scheme but http(s), every non-public address however it is spelled,
 * host names resolving to one, and redirect hops to one are refused before any byte is sent to them;
 * only what the config explicitly allows gets through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/fetch/errors.js';
import { HttpClient } from '../../src/fetch/http.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';

const OPTIONS = { timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 5, userAgent: 'mediamon-test' };

async function refusal(client: HttpClient, url: string): Promise<FetchError> {
  const error = await client.fetch({ url }).then(() => null, (e: unknown) => e);
  expect(error, url).toBeInstanceOf(FetchError);
  return error as FetchError;
}

const SCHEMES = ['file:///etc/passwd', 'ftp://example.com/feed.xml', 'gopher://example.com/', 'data:text/plain,hi', 'javascript:alert(1)', 'ws://example.com/'];

/** Literal addresses that are never public: loopback, private, link-local, CGNAT, unique-local, multicast,
 *  unspecified, reserved, cloud metadata, IPv4 hidden in IPv6, and other spellings of 127.0.0.1. */
const FORBIDDEN_LITERALS = [
  'http://127.0.0.1/', 'http://127.8.9.10/', 'http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/', 'http://100.100.100.200/', 'http://100.64.0.1/', 'http://0.0.0.0/',
  'http://224.0.0.1/', 'http://255.255.255.255/', 'http://240.0.0.1/',
  'http://[::1]/', 'http://[::]/', 'http://[fe80::1]/', 'http://[fc00::1]/', 'http://[fd00:ec2::254]/', 'http://[ff02::1]/',
  'http://[::ffff:127.0.0.1]/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:10.0.0.1]/', 'http://[2002:7f00:1::]/',
  'http://[64:ff9b::7f00:1]/', 'http://[2001:db8::1]/',
  // IPv4-compatible (::/96) and mapped spellings of loopback and metadata addresses
  'http://[::7f00:1]/', 'http://[::127.0.0.1]/', 'http://[::a9fe:a9fe]/', 'http://[::ffff:7f00:1]/', 'http://[0:0:0:0:0:ffff:7f00:1]/', 'http://[::8.8.8.8]/',
  'http://2130706433/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://0x7f000001/', 'http://127.1/', 'http://017700000001/',
  'http://0251.0376.0251.0376/', 'http://0xa9fea9fe/',
];

describe('SSRF guard', () => {
  let server: FixtureServer;
  let strict: HttpClient;
  let loopbackOnly: HttpClient;

  beforeAll(async () => {
    server = await startFixtureServer({ '/ok': { headers: { 'content-type': 'text/plain' }, body: 'fine' } });
    const port = new URL(server.url).port;
    const redirect = (location: string) => ({ status: 302, headers: { location } });
    server.routes.set('/to-localhost', redirect(`http://localhost:${port}/ok`));
    server.routes.set('/to-ipv6-loopback', redirect(`http://[::1]:${port}/ok`));
    server.routes.set('/to-mapped', redirect(`http://[::ffff:127.0.0.1]:${port}/ok`));
    server.routes.set('/to-metadata', redirect('http://169.254.169.254/latest/meta-data/'));
    server.routes.set('/to-file', redirect('file:///etc/passwd'));
    server.routes.set('/chain-to-localhost', redirect('/to-localhost'));
    strict = new HttpClient({ ...OPTIONS, allowHosts: [] });
    loopbackOnly = new HttpClient({ ...OPTIONS, allowHosts: ['127.0.0.1'] });
  });

  afterAll(async () => {
    await Promise.allSettled([strict.close(), loopbackOnly.close()]);
    await server?.close();
  });

  it.each(SCHEMES)('refuses the scheme of %s', async (url) => {
    const error = await refusal(strict, url);
    expect(error.kind).toBe('blocked');
    expect(error.message).toMatch(/^fetch: .*scheme/);
  });

  it.each(FORBIDDEN_LITERALS)('refuses %s before connecting', async (url) => {
    const error = await refusal(strict, url);
    expect(error.kind).toBe('blocked');
    expect(error.permanent).toBe(true);
  });

  it('lets a public address through the URL check', () => {
    for (const url of ['http://93.184.216.34/', 'http://[2606:2800:220:1::1]/', 'https://example.com/feed.xml']) {
      expect(() => strict.checkUrl(url)).not.toThrow();
    }
  });

  it('refuses the local server without an allow entry, and reaches it with one', async () => {
    expect((await refusal(strict, `${server.url}/ok`)).kind).toBe('blocked');
    expect(server.hits.get('/ok')).toBeUndefined();
    const res = await loopbackOnly.fetch({ url: `${server.url}/ok` });
    expect(Buffer.from(res.body).toString()).toBe('fine');
  });

  it('refuses a host name resolving to a forbidden address (the lookup undici uses is guarded)', async () => {
    const port = new URL(server.url).port;
    const before = server.hits.get('/ok') ?? 0;
    for (const client of [strict, loopbackOnly]) {
      const error = await refusal(client, `http://localhost:${port}/ok`);
      expect(error.kind).toBe('blocked');
      expect(error.message).toMatch(/localhost resolves to 127\.0\.0\.1 is a loopback address/);
    }
    expect(server.hits.get('/ok') ?? 0).toBe(before);
  });

  it('allows a host name only when it is allowed by name or its address by CIDR', async () => {
    const port = new URL(server.url).port;
    for (const allowHosts of [['localhost'], ['127.0.0.0/8']]) {
      const client = new HttpClient({ ...OPTIONS, allowHosts });
      try {
        const res = await client.fetch({ url: `http://localhost:${port}/ok` });
        expect(res.status).toBe(200);
      } finally {
        await client.close();
      }
    }
  });

  // (A redirect to http://2130706433:PORT/ is the allowed host itself: the URL standard reads it as
  // 127.0.0.1, the spelling that was allowed; the same spelling with no allow entry is refused above.)
  it.each(['/to-localhost', '/to-ipv6-loopback', '/to-mapped', '/to-metadata', '/to-file', '/chain-to-localhost'])(
    're-checks every redirect hop: %s from the allowed 127.0.0.1 is refused',
    async (path) => {
      const before = server.hits.get('/ok') ?? 0;
      const error = await refusal(loopbackOnly, `${server.url}${path}`);
      expect(error.kind).toBe('blocked');
      expect(server.hits.get('/ok') ?? 0).toBe(before);
    },
  );
});
