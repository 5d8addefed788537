/**
 * The soak's sources do what the soak's report assumes: a growing feed's served items are exactly the
 * links a reader gets from it (so "expected" is what the pipeline could read), a truncated document
 * keeps its whole items readable, the huge bodies sit beyond and just under the cap, the busy host
 * answers 429 with Retry-After in its window, the trickling host sends headers and then almost nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/parse.js';
import { itemUrl, offeredUrls, startSources, type SoakFeed, type SoakSources } from './soak-sources.js';

const MAX_BYTES = 1024 * 1024;

describe('soak sources', () => {
  let sources: SoakSources;
  const feed = (id: string): SoakFeed => sources.feeds.find((f) => f.id === id)!;
  const get = (f: SoakFeed, path = `/${f.id}.xml`) => fetch(`${f.host.url}${path}`);

  beforeAll(async () => {
    sources = await startSources({ maxBytes: MAX_BYTES, healthyFeeds: 2, healthyHosts: 1, perWave: 5, floodItems: 40, t0: Date.now() });
  });
  afterAll(async () => {
    await sources?.close();
  });

  it('a growing feed serves its new items, and the report expects exactly those', async () => {
    const f = feed('healthy-0');
    f.items += 7;
    const res = await get(f);
    const parsed = parseFeed(new Uint8Array(await res.arrayBuffer()), { contentType: res.headers.get('content-type') });
    expect(parsed.items.map((i) => i.link).sort()).toEqual(offeredUrls(f).sort());
    expect(offeredUrls(f)).toHaveLength(7);
  });

  it('a truncated feed: the reader keeps the whole items, and only those are expected', async () => {
    const f = feed('truncated-feed');
    f.items = 12;
    const res = await get(f);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(body)).not.toContain('</rss>');
    const links = parseFeed(body, { contentType: res.headers.get('content-type') }).items.map((i) => i.link);
    expect(offeredUrls(f)).toHaveLength(6);
    for (const url of offeredUrls(f)) expect(links).toContain(url);
  });

  it('the huge host sends one page beyond the cap and one just under it', async () => {
    const f = feed('huge-pages');
    const over = (await (await get(f, '/huge-pages/0')).arrayBuffer()).byteLength;
    const under = (await (await get(f, '/huge-pages/1')).arrayBuffer()).byteLength;
    expect(over).toBeGreaterThan(MAX_BYTES);
    expect(under).toBeLessThan(MAX_BYTES);
    expect(under).toBeGreaterThan(MAX_BYTES / 3);
  });

  it('the limited feed answers 429 with Retry-After; the busy host answers pages with 429 in its window', async () => {
    const limited = await get(feed('limited-feed'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('600');
    const busy = await get(feed('busy-short'), '/busy-short/0');
    expect(busy.status).toBe(429); // the window opens at t0
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the trickling host sends its headers at once, then too slowly to finish', async () => {
    const f = feed('trickle-pages');
    const res = await fetch(itemUrl(f, 0), { signal: AbortSignal.timeout(1500) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });
});
