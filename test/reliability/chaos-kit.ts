/**
 * Parts of the chaos test: a private redis-server with an append-only file (killed and restarted by
 * the test, never the shared one), a TCP proxy in front of PostgreSQL that the test can cut, and a
 * generated corpus of feeds and pages with known watchlist mentions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { newsPage, rssFeed, type FixtureServer } from '../helpers/fixture-server.js';

const REDIS_START_LIMIT_MS = 10_000;

export { freePort } from '../helpers/wait.js';

/** A redis-server of the test's own: AOF on, fsync on every write, so a kill -9 loses nothing acknowledged. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number, private readonly dir: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always',
      '--save', '', '--logfile', path.join(this.dir, 'redis.log'), '--daemonize', 'no',
    ], { stdio: 'ignore' });
    const deadline = Date.now() + REDIS_START_LIMIT_MS;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`chaos: redis-server on ${this.port} did not start`);
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        probe.disconnect();
      }
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/** A TCP proxy to PostgreSQL; stop() refuses new connections and cuts the open ones, resume() reopens. */
export class PgProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  constructor(readonly port: number, private readonly target = { host: '127.0.0.1', port: 5432 }) {}

  async resume(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** Paragraph sets; each article uses one, so the rules it fires are known per template. */
export const TEMPLATES: string[][] = [
  ['The city council met on Tuesday to discuss the budget for road repairs and school meals.', 'Residents asked for more buses on the evening routes; a decision is expected next month.'],
  ['Denis Pushilin announced a mass evacuation of civilians from Donetsk to Russia on Friday.', 'Buses were seen leaving the city centre in the afternoon, witnesses said.'],
  ['Heavy shelling was reported in Donetsk overnight, local officials said on Saturday.', 'Several houses were damaged; there was no word on casualties.'],
];

/** Which template article `n` uses: every 5th mentions an evacuation, every 7th shelling. */
export function templateOf(n: number): number {
  return n % 5 === 0 ? 1 : n % 7 === 0 ? 2 : 0;
}

export interface ServedArticle {
  feedId: string;
  url: string;
  template: number;
}

/** Serve `feedsPerServer` feeds of `perFeed` articles on each server; returns what was served. */
export function serveCorpus(servers: FixtureServer[], feedsPerServer: number, perFeed: number): { feeds: { id: string; url: string }[]; articles: ServedArticle[] } {
  const feeds: { id: string; url: string }[] = [];
  const articles: ServedArticle[] = [];
  servers.forEach((server, s) => {
    for (let f = 0; f < feedsPerServer; f++) {
      const feedId = `chaos-${s}-${f}`;
      const items = [];
      for (let i = 0; i < perFeed; i++) {
        const n = (s * feedsPerServer + f) * perFeed + i;
        const template = templateOf(n);
        const link = `${server.url}/${feedId}/story-${i}`;
        const title = `Story ${i} of ${feedId}`;
        const paragraphs = TEMPLATES[template]!;
        server.routes.set(new URL(link).pathname, { headers: { 'content-type': 'text/html; charset=utf-8' }, body: newsPage({ title, paragraphs }) });
        items.push({ title, link, description: paragraphs.join(' ') });
        articles.push({ feedId, url: link, template });
      }
      server.routes.set(`/${feedId}.xml`, { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: rssFeed(feedId, items) });
      feeds.push({ id: feedId, url: `${server.url}/${feedId}.xml` });
    }
  });
  return { feeds, articles };
}
