/**
 * A real HTTP server on 127.0.0.1 serving fixture feeds and pages. Routes map a path to a response or a
 * handler; every request is counted so tests can assert what was (not) fetched.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type Route = FixtureResponse | ((req: IncomingMessage, res: ServerResponse) => void);

export interface FixtureServer {
  url: string;
  routes: Map<string, Route>;
  /** Requests received per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  /** How long an idle connection is kept, ms (default 1,000: tests end quickly). The server announces
   *  it (Keep-Alive: timeout=1); undici keeps a connection only for that minus 1 s, i.e. not at all. */
  keepAliveTimeoutMs?: number;
}

export async function startFixtureServer(routes: Record<string, Route> = {}, options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = table.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') return route(req, res);
    res.writeHead(route.status ?? 200, route.headers ?? {}).end(route.body ?? '');
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: table,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

export interface RssItem {
  title: string;
  link: string;
  guid?: string;
  pubDate?: string;
  description?: string;
}

export function rssFeed(title: string, items: RssItem[]): string {
  const entries = items.map((i) => `    <item>
      <title>${escapeXml(i.title)}</title>
      <link>${escapeXml(i.link)}</link>
      <guid isPermaLink="false">${escapeXml(i.guid ?? i.link)}</guid>
      ${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}
      <description>${escapeXml(i.description ?? '')}</description>
    </item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>http://127.0.0.1/</link>
    <description>fixture feed</description>
    <language>en</language>
${entries.join('\n')}
  </channel>
</rss>`;
}

/** A realistic news page: navigation, a sidebar with unrelated headlines, the article, a footer. */
export function newsPage(options: { title: string; paragraphs: string[]; published?: string; author?: string; lang?: string }): string {
  const body = options.paragraphs.map((p) => `      <p>${escapeXml(p)}</p>`).join('\n');
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
  <meta charset="utf-8">
  <title>${escapeXml(options.title)} | Fixture News</title>
  <meta property="og:title" content="${escapeXml(options.title)}">
  <meta property="og:site_name" content="Fixture News">
  ${options.published ? `<meta property="article:published_time" content="${options.published}">` : ''}
  ${options.author ? `<meta name="author" content="${escapeXml(options.author)}">` : ''}
</head>
<body>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
  <main>
    <article>
      <h1>${escapeXml(options.title)}</h1>
      ${options.author ? `<div class="byline">By ${escapeXml(options.author)}</div>` : ''}
      <div class="article-body">
${body}
      </div>
      <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
    </article>
  </main>
  <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Football club wins the cup after penalties</a></li><li><a href="/y">Weather: a sunny weekend ahead</a></li></ul></aside>
  <footer><p>© Fixture News. All rights reserved.</p></footer>
</body>
</html>`;
}
