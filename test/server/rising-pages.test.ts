/**
 * Spikes on the analyst's pages: a burst of evacuation reports (a keyword group watched by the shipped
 * rising rules) is marked on the entry's and the narrative's charts, listed in the "Rising now" box
 * of /stories, and carried by the JSON twins; on SQLite and PostgreSQL, and in Chromium (JavaScript
 * off) as a person sees it. Screenshots go to test-output/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { ArticleInput } from '../../src/store/index.js';
import { raiseRisingAlerts } from '../../src/trends/alerts.js';
import { useBrowsedWorld } from './browsed-world.js';
import { HAS_CHROMIUM, atEachWidth, screenshot } from '../helpers/browser.js';
import { openWorld, type World } from './fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TEXT = 'Kyiv is preparing an offensive on Donbas, officials said; an evacuation was announced.';

function article(key: string, feedId: string, published: number): ArticleInput {
  return {
    key, feedId, url: `https://news.example/${key}`, canonicalUrl: null, title: `Evacuation report ${key}`, text: TEXT, author: null,
    published: new Date(published).toISOString(), lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}

/** Three weeks of one evacuation report a day at this hour from Kyiv News, then 8 in this hour: 5 from Kyiv News, 3 from TASS. */
async function seedBurst(world: World): Promise<string> {
  const store = world.rt.store;
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  const evacuation = [{ entity: 'evacuation', start: TEXT.indexOf('evacuation'), end: TEXT.indexOf('evacuation') + 10, text: 'evacuation' }];
  const narrative = [{ narrative: 'ukraine-aggressive', claim: 'offensive-planned', start: 0, end: 40, sentence: TEXT }];
  for (let d = 21; d >= 1; d--) await store.saveAnalysis(article(`usual-${d}`, 'kyiv-news', hour - d * DAY), evacuation, [], narrative);
  for (let i = 0; i < 8; i++) await store.saveAnalysis(article(`burst-${i}`, i < 5 ? 'kyiv-news' : 'tass', hour + i * 1000), evacuation, [], narrative);
  await raiseRisingAlerts({ store, config: world.rt.current.config });
  return new Date(hour).toISOString();
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`spikes on the pages (${kind})`, { timeout: 60_000 }, () => {
    let world: World;
    let server: RunningServer;
    let burstHour: string;
    beforeAll(async () => {
      world = await openWorld(kind);
      burstHour = await seedBurst(world);
      server = await startServer(world.rt, { port: 0, env: {} });
    });
    afterAll(async () => {
      await server?.close();
      await world?.cleanup();
    });
    const json = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;

    it('lists the burst under "Rising now" on /stories and in /api/stories', async () => {
      const body = await (await fetch(`${server.url}/stories`)).text();
      expect(body).toContain('Rising now');
      expect(body).toContain(`<a href="/entities/evacuation">Evacuation</a> <strong>8</strong> articles in the hour from ${burstHour.slice(11, 16)} UTC`);
      const api = await json<{ rising: { watch: { kind: string; id: string }; count: number; sources: number; expected: number; href: string }[] }>('/api/stories');
      expect(api.rising.map((r) => `${r.watch.kind}:${r.watch.id}`)).toEqual(['entity:evacuation']);
      expect(api.rising[0]).toMatchObject({ count: 8, sources: 2, expected: 1, href: '/entities/evacuation' });
    });

    it('marks a source\'s spiking day on its sparkline on /sources', async () => {
      const today = burstHour.slice(0, 10);
      const { sources } = await json<{ sources: { id: string; spikes: { day: string; count: number; expected: number }[] }[] }>('/api/sources');
      expect(sources.find((x) => x.id === 'kyiv-news')!.spikes).toEqual([expect.objectContaining({ day: today, count: 5, expected: 1 })]);
      // TASS has no history yet: no usual level, no spike.
      expect(sources.find((x) => x.id === 'tass')!.spikes).toEqual([]);
      const html = await (await fetch(`${server.url}/sources`)).text();
      expect(html).toContain(`<circle class="spike"`);
      expect(html).toContain(`<title>${today}: spike: 5 articles from 1 source (usual 1)</title>`);
    });

    it('says what a rising alert stands for on /alerts and on its article\'s page', async () => {
      const words = `rising, 8 articles in the hour from ${burstHour.slice(11, 16)} UTC on ${burstHour.slice(0, 10)} (usual 1), from 2 sources; this article is the first of them`;
      const list = await (await fetch(`${server.url}/alerts?rule=rising-evacuation`)).text();
      expect(list).toContain(`<strong>rising-evacuation</strong>: ${words}.`);
      const [alert] = (await json<{ alerts: { articleId: number; rising: { count: number } }[] }>('/api/alerts?rule=rising-evacuation')).alerts;
      expect(alert!.rising.count).toBe(8);
      const article = await (await fetch(`${server.url}/articles/${alert!.articleId}`)).text();
      expect(article).toContain(`${words} (<a href="/entities/evacuation">see the chart</a>)`);
    });

    it('marks the spike on the entry\'s and the narrative\'s charts, and the JSON twins carry the spikes', async () => {
      const entity = await json<{ spikes: { day: string; bucket: string; count: number; rule: string | null }[] }>('/api/entities/evacuation');
      const today = burstHour.slice(0, 10);
      expect(entity.spikes.filter((s) => s.bucket === 'hour').map((s) => s.rule).sort()).toEqual(['rising-actors', 'rising-evacuation']);
      expect(entity.spikes.every((s) => s.day === today && s.count >= 8)).toBe(true);
      const narrative = await json<{ spikes: { day: string; bucket: string; count: number; rule: string | null }[] }>('/api/narratives/ukraine-aggressive');
      expect(narrative.spikes).toEqual([expect.objectContaining({ day: today, bucket: 'day', count: 8, rule: null })]);
      const html = await (await fetch(`${server.url}/entities/evacuation`)).text();
      expect(html).toContain('1 spike day');
      // The marker says what spiked: the day against usual days, and each hourly spike a rising rule raised.
      const title = /<polygon class="spike"[^>]*><title>([^<]*)<\/title>/.exec(html)?.[1];
      expect(title).toMatch(/^\d{4}-\d\d-\d\d: spike: 8 articles from 2 sources \(usual 1\); spike \d\d:00 UTC hour: 8 articles from 2 sources \(usual 1\), alert rising-/);
    });
  });
}

describe.skipIf(!HAS_CHROMIUM)('spikes on the pages in chromium', { timeout: 90_000 }, () => {
  const b = useBrowsedWorld(async (world) => {
    await seedBurst(world);
  });

  it('shows "Rising now" and a red marker over the spiking day, without JavaScript, at desktop and phone width', async () => {
    await atEachWidth(b.browser, async (page, width) => {
      await page.goto(`${b.server.url}/stories`);
      const box = page.locator('section.rising');
      await expect.poll(() => box.isVisible()).toBe(true);
      expect(await box.locator('h2').innerText()).toBe('Rising now');
      expect(await box.locator('li').allInnerTexts()).toEqual([expect.stringMatching(/^Evacuation 8 articles in the hour from \d\d:00 UTC \(usual 1\), from 2 sources$/)]);
      await page.screenshot({ path: screenshot(`rising-stories-${width}.png`), fullPage: true });
      await page.locator('section.rising a', { hasText: 'Evacuation' }).click();
      expect(await page.locator('h1').innerText()).toBe('Evacuation');
      const marker = page.locator('figure.chart polygon.spike');
      expect(await marker.count()).toBe(1);
      const box2 = await marker.boundingBox();
      const bar = await page.locator('figure.chart rect.spiked').boundingBox();
      // The marker stands over its bar, and the bar is drawn red.
      expect(box2!.y + box2!.height).toBeLessThanOrEqual(bar!.y + 1);
      expect(Math.abs(box2!.x + box2!.width / 2 - (bar!.x + bar!.width / 2))).toBeLessThan(4);
      expect(await page.locator('figure.chart rect.spiked').getAttribute('fill')).toBe('#c0392b');
      expect(await page.locator('figure.chart figcaption').innerText()).toContain('1 spike day');
      await page.screenshot({ path: screenshot(`rising-entity-${width}.png`), fullPage: true });
      await page.goto(`${b.server.url}/sources`);
      expect(await page.locator('svg.spark circle.spike').count()).toBe(1);
      await page.screenshot({ path: screenshot(`rising-sources-${width}.png`), fullPage: true });
      await page.goto(`${b.server.url}/narratives/ukraine-aggressive`);
      expect(await page.locator('figure.chart polygon.spike').count()).toBe(1);
      await page.screenshot({ path: screenshot(`rising-narrative-${width}.png`), fullPage: true });
    });
  });
});
