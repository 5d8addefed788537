/**
 * End to end on real Redis and SQLite: a page whose headline alone names Pushilin, the evacuation and
 * the DPR ("the separatist leader" in the body) raises donbas-evacuation through `mediamon run --once`,
 * with the headline mentions stored as title evidence and marked in the article page's title. The page
 * gives a date without a time: it is stored and shown as that date, with no made-up time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { renderAlertsPage } from '../../src/server/alerts-page.js';
import { renderArticlePage } from '../../src/server/article-page.js';
import { openStore } from '../../src/store/index.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { rssFeed } from '../helpers/fixture-server.js';
import { REPO_ROOT } from '../helpers/services.js';

const HEADLINE = 'Pushilin announces mass evacuation of DPR civilians to Russia';
const PAGE = readFileSync(path.join(REPO_ROOT, 'test/fixtures/pages/headline-evacuation/source.html'), 'utf8');

describe('a headline raises an alert (run --once, SQLite)', () => {
  const e2e = useE2E({
    routes: (url) => ({
      '/feed.xml': { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Steppe Herald', [{ title: HEADLINE, link: `${url}/news/evacuation`, description: 'The separatist leader spoke on Friday.' }]) },
      '/news/evacuation': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE },
    }),
    feeds: (url) => [{ id: 'steppe', url: `${url}/feed.xml` }],
  });

  it('stores the alert with the headline as evidence and marks it in the article page title', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    const alerts = jsonLines<{ id: number; rule: string; title: string; published: string; published_precision: string; evidence: { entity: string; field: string; start: number; end: number }[] }>(
      (await runCli(['alerts', 'list', '--json', '--rule', 'donbas-evacuation'], e2e.env)).stdout,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe(HEADLINE);
    expect(alerts[0]).toMatchObject({ published: '2022-02-18T00:00:00.000Z', published_precision: 'day' });
    expect(alerts[0]!.evidence.map((m) => [m.field, HEADLINE.slice(m.start, m.end)])).toEqual([['title', 'Pushilin'], ['title', 'evacuation'], ['title', 'DPR']]);

    const store = await openStore(e2e.databaseUrl);
    try {
      const [alert] = await store.getAlerts([alerts[0]!.id]);
      const page = await renderArticlePage(store, loadConfig(e2e.dir, {}), alert!.articleId);
      const title = /<h1>([\s\S]*?)<\/h1>/.exec(page ?? '')?.[1] ?? '';
      expect([...title.matchAll(/<mark[^>]*data-entity="([^"]+)"[^>]*>([^<]+)<\/mark>/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['pushilin:Pushilin', 'evacuation:evacuation', 'dpr:DPR']);
      const text = /<article class="text"[^>]*>([\s\S]*?)<\/article>/.exec(page ?? '')?.[1] ?? '';
      expect([...text.matchAll(/data-entity="([^"]+)"/g)].map((m) => m[1])).toEqual(['offensive']);
      expect(page).toContain('“Pushilin” (title)');
      expect(page).toContain('<span>2022-02-18</span>');
      const list = await renderAlertsPage(store, loadConfig(e2e.dir, {}), {});
      expect(list).toContain('<span>2022-02-18</span>');
      expect(`${page}${list}`).not.toMatch(/2022-02-18 00:00/);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('lists the alert for people with the date alone', async () => {
    const human = await runCli(['alerts', 'list'], e2e.env);
    // The date alone, where a time would stand (`2022-02-18  [en]`, not `2022-02-18 00:00 +00:00`).
    expect(human.stdout).toMatch(/^2022-02-18 {2}\[en\] {2}Pushilin announces/m);
    expect(human.stdout).not.toMatch(/2022-02-18 00:00/);
  }, 120_000);
});
