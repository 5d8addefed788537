/**
 * The alerts page in a real browser (Debian's chromium through playwright-core), JavaScript off: filter
 * by an entity, search a word, open an article, see the highlights. Screenshots at desktop and phone
 * width go to test-output/ for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import { useBrowsedWorld } from './browsed-world.js';
import { HAS_CHROMIUM, screenshot } from '../helpers/browser.js';
import { createAnalyzer } from '../../src/pipeline/analyze.js';
import { evaluateRules, tagText } from '../../src/tagging/index.js';
import { readSeed, SEED_TITLE } from '../pipeline/seed-fixture.js';
import { seed, type World } from './fixture.js';

const PHONE = { width: 390, height: 844 };

/** The seed article, tagged with the shipped watchlist and rules, as the analyze stage would store it. */
async function storeSeedArticle(world: World): Promise<number> {
  const { paragraphs, date } = readSeed();
  const text = paragraphs.join('\n\n');
  const analyzer = createAnalyzer(world.rt.current.config);
  const mentions = tagText(text, analyzer.watchlist, { lang: 'en' });
  const hits = evaluateRules(text, mentions, analyzer.rules, { lang: 'en', feedId: 'kyiv-news', watchlist: analyzer.watchlist });
  const saved = await world.rt.store.saveAnalysis({
    key: 'seed', feedId: 'kyiv-news', url: 'https://news.example/world/2022/02/18/donbas-evacuation', canonicalUrl: null, title: SEED_TITLE, text,
    author: 'Staff reporter', published: `${date}T13:30:00Z`, lang: 'en', langConfidence: 0.99, siteName: 'Fixture News', method: 'generic', fetchError: null,
  }, mentions, hits);
  return saved.articleId;
}

describe.skipIf(!HAS_CHROMIUM)('alerts page in chromium', () => {
  const b = useBrowsedWorld(async (world) => {
    await seed(world.rt, 6);
    await storeSeedArticle(world);
  });

  it('filters by entity, searches, opens an article and shows its highlights, without JavaScript', async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${b.server.url}/alerts`);
      await page.screenshot({ path: screenshot('alerts-desktop.png'), fullPage: true });
      expect(await page.locator('ol.alerts li').count()).toBeGreaterThan(8);
      await expect(page.locator('ol.alerts').innerText()).resolves.toContain('<img src=x onerror=alert(1)>');

      await page.selectOption('select[name=entity]', 'pasechnik');
      await page.click('button[type=submit]');
      expect(page.url()).toContain('entity=pasechnik');
      const titles = await page.locator('ol.alerts h2').allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      expect(new Set(titles)).toEqual(new Set([SEED_TITLE]));

      await page.goto(`${b.server.url}/alerts`);
      await page.fill('input[name=q]', 'эвакуац');
      await page.click('button[type=submit]');
      expect(new Set(await page.locator('ol.alerts h2').allInnerTexts())).toEqual(new Set(['Пушилин объявил эвакуацию']));

      await page.fill('input[name=q]', 'Пушилиным -Pasechnik');
      await page.click('button[type=submit]');
      await expect(page.locator('p.count').innerText()).resolves.toBe('2 articles (3 alerts) match, best match first. Page 1 of 1.');
      await page.fill('input[name=q]', 'Пушилиным');
      await page.click('button[type=submit]');
      const found = await page.locator('ol.alerts h2').allInnerTexts();
      expect(new Set(found)).toEqual(new Set(['Пушилин объявил эвакуацию', 'Pushilin announces evacuation', SEED_TITLE]));
      expect(await page.locator('p.snippet mark').allInnerTexts()).toEqual(expect.arrayContaining(['Pushilin', 'Пушилин']));
      const markBackground = await page.locator('p.snippet mark').first().evaluate((m) => getComputedStyle(m).backgroundColor);
      expect(markBackground).not.toBe('rgba(0, 0, 0, 0)');
      await page.screenshot({ path: screenshot('alerts-search-desktop.png'), fullPage: true });

      await page.goto(`${b.server.url}/alerts?entity=pasechnik`);
      await page.click(`ol.alerts h2 a`);
      await expect(page.locator('h1').innerText()).resolves.toBe(SEED_TITLE);
      const marked = await page.locator('article.text mark').evaluateAll((marks) => marks.map((m) => m.getAttribute('data-entity')));
      expect(marked).toEqual(expect.arrayContaining(['pushilin', 'pasechnik', 'evacuation', 'false-flag']));
      const background = await page.locator('article.text mark').first().evaluate((m) => getComputedStyle(m).backgroundColor);
      expect(background).not.toBe('rgba(0, 0, 0, 0)');
      await expect(page.locator('section.evidence').innerText()).resolves.toContain('donbas-evacuation');
      await page.screenshot({ path: screenshot('article-desktop.png') });
    } finally {
      await context.close();
    }
  });

  it('reads on a phone: no sideways scrolling on the list or the article', async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false, viewport: PHONE, deviceScaleFactor: 2, isMobile: true });
    const page = await context.newPage();
    try {
      for (const [name, url] of [['alerts-phone', '/alerts'], ['alerts-search-phone', '/alerts?q=%22mass+evacuation%22+OR+%D1%8D%D0%B2%D0%B0%D0%BA%D1%83%D0%B0%D1%86%D0%B8%D1%8F'], ['article-phone', '/alerts?entity=pasechnik']] as const) {
        await page.goto(`${b.server.url}${url}`);
        if (name === 'article-phone') await page.click('ol.alerts h2 a');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, name).toBeLessThanOrEqual(0);
        await page.screenshot({ path: screenshot(`${name}.png`) });
        if (name === 'article-phone') {
          await page.click('a[href="#text"]');
          await page.screenshot({ path: screenshot('article-phone-text.png') });
        }
      }
    } finally {
      await context.close();
    }
  });
});
