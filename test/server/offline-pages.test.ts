/**
 * The served pages in a real browser (Debian's chromium, JavaScript on, as bull-board needs it): every
 * request a page makes goes to the server on 127.0.0.1 (no web fonts or scripts from other hosts); the
 * alerts page shows a banner when feeds fail, linking to /sources; the queue dashboard links back to
 * the app and, under a server with no workers, says what "no workers" means. Screenshots go to
 * test-output/ for a person to look at.
 */
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowsedWorld } from './browsed-world.js';
import { HAS_CHROMIUM, screenshot } from '../helpers/browser.js';
import { startStageWorker } from '../../src/queues/worker.js';
import { seed } from './fixture.js';


/** Open `url` in `page`, recording the host of every request the page makes. */
async function visit(page: Page, url: string, hosts: Set<string>): Promise<void> {
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.protocol !== 'data:') hosts.add(`${target.protocol}//${target.hostname}`);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
}

describe.skipIf(!HAS_CHROMIUM)('served pages make no third-party requests', { timeout: 120_000 }, () => {
  const b = useBrowsedWorld(async (world) => {
    await seed(world.rt, 2);
    const now = new Date().toISOString();
    for (const id of ['kyiv-news', 'tass']) {
      await world.rt.store.updateFeed(id, { lastPolledAt: now, lastStatus: 'network', consecutiveErrors: 3, lastError: `fetch: https://${id}.example/rss: ENOTFOUND getaddrinfo ENOTFOUND ${id}.example` });
    }
  });

  it('alerts page: a banner on failing feeds links to their health, all requests to 127.0.0.1', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    try {
      await visit(page, `${b.server.url}/alerts`, hosts);
      const banner = page.locator('p.banner');
      await expect(banner.innerText()).resolves.toMatch(/^Alerts may be missing: all 2 feeds polled are failing; likely cause: DNS failure.*See feed health$/);
      await page.screenshot({ path: screenshot('alerts-banner.png') });
      await banner.locator('a').click();
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).pathname).toBe('/sources');
      await expect(page.locator('p.warn').innerText()).resolves.toMatch(/^All 2 feeds polled are failing; likely cause: DNS failure/);
      const rows = await page.locator('table.sources tbody tr').allInnerTexts();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(/failing[\s\S]*3 consecutive errors[\s\S]*ENOTFOUND/);
      await page.screenshot({ path: screenshot('sources.png'), fullPage: true });
      expect([...hosts]).toEqual(['http://127.0.0.1']);
    } finally {
      await context.close();
    }
  });

  it('queue dashboard: no third-party fonts, a link back, and what "no workers" means', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    try {
      await visit(page, `${b.server.url}/admin/queues`, hosts);
      await page.getByText('poll', { exact: true }).first().waitFor();
      const strip = page.locator('[data-mediamon-strip]');
      await expect(strip.innerText()).resolves.toContain('No worker process is connected to these queues (this server runs none itself)');
      await page.screenshot({ path: screenshot('queues-no-workers.png') });
      expect([...hosts]).toEqual(['http://127.0.0.1']);

      // A worker on the same Redis (as `mediamon worker poll` elsewhere would be) is named.
      const worker = startStageWorker('poll', { connection: b.world.rt.redis, prefix: b.world.rt.queues.prefix, concurrency: 1, logger: b.world.rt.logger }, async () => null);
      try {
        await worker.waitUntilReady();
        await visit(page, `${b.server.url}/admin/queues`, hosts);
        await expect(page.locator('[data-mediamon-strip]').innerText()).resolves.toMatch(/Workers connected to Redis: poll 1, fetch 0, analyze 0, deliver 0 \(no worker for fetch, analyze, deliver: those jobs wait\)/);
        await page.screenshot({ path: screenshot('queues-one-worker.png') });
      } finally {
        await worker.close();
      }
      await page.locator('[data-mediamon-strip] a', { hasText: 'mediamon alerts' }).click();
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).pathname).toBe('/alerts');
      expect([...hosts]).toEqual(['http://127.0.0.1']);
    } finally {
      await context.close();
    }
  });
});
