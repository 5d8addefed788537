/**
 * The analyst's pages in Debian's chromium (playwright-core), JavaScript off, at desktop and phone
 * width: each shows its heading, its charts render, and no request leaves the server. Screenshots go
 * to test-output/ for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import { useBrowsedWorld } from './browsed-world.js';
import { HAS_CHROMIUM, atEachWidth, screenshot } from '../helpers/browser.js';
import { saveNarrativeArticle } from './analyst-fixture.js';
import { seed } from './fixture.js';

const PAGES = [
  { path: '/articles', file: 'articles', heading: 'Articles', bars: 0 },
  { path: '/entities/pushilin', file: 'entity-pushilin', heading: 'Denis Pushilin', bars: 3 },
  { path: '/narratives', file: 'narratives', heading: 'Narratives', bars: 0 },
  { path: '/narratives/ukraine-aggressive', file: 'narrative-ukraine-aggressive', heading: 'Ukraine is the aggressor', bars: 1 },
  { path: '/sources', file: 'sources', heading: 'Sources', bars: 0 },
];

describe.skipIf(!HAS_CHROMIUM)('analyst pages in chromium', () => {
  const b = useBrowsedWorld(async (world) => {
    await seed(world.rt, 4);
    await saveNarrativeArticle(world);
    await world.rt.store.updateFeed('kyiv-news', { lastStatus: 'http-5xx', consecutiveErrors: 2, lastError: 'HTTP 503 from kyiv-news' });
  });

  it('shows each page at desktop and phone width, without JavaScript and without a request off the server', async () => {
    await atEachWidth(b.browser, async (page, width) => {
      const elsewhere: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith(b.server.url)) elsewhere.push(r.url()); });
      for (const p of PAGES) {
        const res = await page.goto(`${b.server.url}${p.path}`);
        expect(res?.status(), p.path).toBe(200);
        expect(await page.locator('h1').innerText()).toBe(p.heading);
        expect(await page.locator('rect.bar').count(), p.path).toBe(p.bars);
        expect(await page.locator('nav.main a').allInnerTexts()).toEqual(expect.arrayContaining(['Alerts', 'Articles', 'Narratives', 'Sources']));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (p.path !== '/sources') expect(overflow, `${p.path} scrolls sideways on a ${width}`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: screenshot(`${p.file}-${width}.png`), fullPage: true });
      }
      expect(elsewhere).toEqual([]);
    });
  });
});
