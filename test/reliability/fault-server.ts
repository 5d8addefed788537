/**
 * A hostile server on 127.0.0.1: each path is one way a source can misbehave. Large and endless bodies
 * are generated as they are sent, with back-pressure, so nothing big is ever held in memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { rssFeed, startFixtureServer, type FixtureServer, type Route } from '../helpers/fixture-server.js';

/** A gzip member holding this many zero bytes; the bomb repeats it (gzip allows concatenated members). */
const BOMB_MEMBER_BYTES = 16 * 1024 * 1024;
/** How many members: 256 x 16 MiB = 4 GiB once inflated, about 4 MB on the wire. */
const BOMB_MEMBERS = 256;
export const BIG_BODY_BYTES = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;
const TRICKLE_MS = 1_000;
export const NESTING_DEPTH = 100_000;

export const RUSSIAN_TITLE = 'Новости Донецка: эвакуация объявлена';

/** Write `count` chunks from `make`, waiting for drain, stopping when the client goes away. */
function stream(res: ServerResponse, count: number, make: (i: number) => Buffer): void {
  let i = 0;
  const pump = () => {
    while (i < count && !res.destroyed) {
      if (!res.write(make(i++))) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => undefined);
  pump();
}

/** Send raw bytes one at a time, a second apart, until the client hangs up. */
function trickle(socket: Socket, bytes: Buffer): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= bytes.length) return clearInterval(timer);
    socket.write(bytes.subarray(i, ++i));
  }, TRICKLE_MS);
  socket.on('close', () => clearInterval(timer));
  socket.on('error', () => undefined);
}

function smallFeed(base: string, title = 'Fault feed'): string {
  return rssFeed(title, [{ title: 'An item', link: `${base}/page/1`, description: 'Donetsk news of the day' }]);
}

/** The deflate flavours servers send: zlib-wrapped (by the spec) and raw (by many). */
const ENCODERS: Record<string, (b: Buffer) => Buffer> = {
  gzip: (b) => zlib.gzipSync(b),
  deflate: (b) => zlib.deflateSync(b),
  'raw-deflate': (b) => zlib.deflateRawSync(b),
  br: (b) => zlib.brotliCompressSync(b),
};

export function faultRoutes(base: string): Record<string, Route> {
  const feed = smallFeed(base);
  const bombMember = zlib.gzipSync(Buffer.alloc(BOMB_MEMBER_BYTES), { level: 9 });
  const encoded: Record<string, Route> = {};
  for (const [name, encode] of Object.entries(ENCODERS)) {
    encoded[`/encoded/${name}`] = { headers: { 'content-type': 'application/rss+xml', 'content-encoding': name === 'raw-deflate' ? 'deflate' : name }, body: encode(Buffer.from(feed)) };
  }
  const ruFeed = rssFeed(RUSSIAN_TITLE, [{ title: RUSSIAN_TITLE, link: `${base}/page/ru`, description: 'Пушилин объявил эвакуацию' }]).replace(' encoding="UTF-8"', '');
  return {
    '/ok': { headers: { 'content-type': 'application/rss+xml' }, body: feed },
    '/hang': () => undefined,
    '/trickle-headers': (req: IncomingMessage) => trickle(req.socket, Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\ncontent-length: ${feed.length}\r\n\r\n${feed}`)),
    '/trickle-body': (req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(feed.length) });
      res.flushHeaders();
      trickle(req.socket, Buffer.from(feed));
    },
    '/loop-a': { status: 301, headers: { location: '/loop-b' } },
    '/loop-b': { status: 302, headers: { location: '/loop-a' } },
    ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`/chain/${i}`, { status: 307, headers: { location: `/chain/${i + 1}` } }])),
    '/chain/12': { headers: { 'content-type': 'application/rss+xml' }, body: feed },
    '/gone-404': { status: 404, body: 'no such feed' },
    '/gone-410': { status: 410, body: 'gone' },
    '/busy-429': { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' },
    '/busy-503': { status: 503, headers: { 'retry-after': new Date(Date.now() + 600_000).toUTCString() }, body: 'maintenance' },
    '/server-500': { status: 500, body: 'oops' },
    '/etag': (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(feed);
    },
    ...encoded,
    '/gzip-bomb': (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      stream(res, BOMB_MEMBERS, () => bombMember);
    },
    '/gzip-bomb-undeclared': (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/x-gzip' });
      stream(res, BOMB_MEMBERS, () => bombMember);
    },
    '/huge': (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(CHUNK, 0x20);
      stream(res, BIG_BODY_BYTES / CHUNK, () => chunk);
    },
    '/no-content-type': { body: feed },
    '/wrong-content-type': { headers: { 'content-type': 'image/png' }, body: feed },
    '/html-as-feed': { headers: { 'content-type': 'application/rss+xml' }, body: '<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>' },
    '/malformed': { headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & co</title><item><title>One<item><title>Two</title></channel>' },
    '/garbage': { headers: { 'content-type': 'application/xml' }, body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)) },
    '/entity-bomb': { headers: { 'content-type': 'application/xml' }, body: entityBomb(base) },
    '/deep-xml': { headers: { 'content-type': 'application/xml' }, body: `<rss version="2.0"><channel><title>Deep</title>${'<x>'.repeat(NESTING_DEPTH)}${'</x>'.repeat(NESTING_DEPTH)}</channel></rss>` },
    '/deep-html': { headers: { 'content-type': 'text/html' }, body: deepHtml() },
    '/invalid-utf8': { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: Buffer.concat([Buffer.from(feed.slice(0, 200)), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0]), Buffer.from(feed.slice(200))]) },
    '/cp1251': { headers: { 'content-type': 'application/rss+xml' }, body: iconv.encode(ruFeed, 'windows-1251') },
    '/koi8r': { headers: { 'content-type': 'text/xml' }, body: iconv.encode(ruFeed, 'koi8-r') },
    '/page/1': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html><body><article><p>Donetsk news of the day, in full.</p></article></body></html>' },
  };
}

/** "Billion laughs": ten levels of ten references each; expanded it would be gigabytes. */
function entityBomb(base: string): string {
  const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
  return `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">
${levels}]>
<rss version="2.0"><channel><title>&lol10;</title><item><title>&lol10;</title><link>${base}/page/1</link><description>&lol10;</description></item></channel></rss>`;
}

function deepHtml(): string {
  return `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(NESTING_DEPTH)}<p>Deep text about Donetsk.</p>${'</div>'.repeat(NESTING_DEPTH)}</body></html>`;
}

export async function startFaultServer(): Promise<FixtureServer> {
  const server = await startFixtureServer();
  for (const [path, route] of Object.entries(faultRoutes(server.url))) server.routes.set(path, route);
  return server;
}
