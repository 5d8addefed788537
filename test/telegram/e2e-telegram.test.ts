/**
 * End to end on real Redis and SQLite with a Telegram channel served on 127.0.0.1 (settings.telegram
 * .baseUrl points there): `run --once` backfills the channel through `?before=` pages, stores each
 * post once as an article (service messages and media-only posts are not), raises the alerts the
 * texts call for, and records a missing channel as not-found. A re-poll of the channel with edited
 * posts rewrites them in place: no second article, and an alert only for a rule hit that is new.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { REPO_ROOT } from '../helpers/services.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/telegram');
const page = (name: string) => readFileSync(path.join(FIXTURES, name));

interface AlertLine {
  rule: string;
  url: string;
  title: string;
  lang: string;
  published: string | null;
  entities: string[];
}

/** Several CLI processes a test: generous on a loaded machine (a timeout, not a timing assertion). */
const CLI_TEST_MS = 300_000;

describe('mediamon run --once on a Telegram channel (SQLite)', () => {
  const e2e = useE2E({ settings: (url) => ({ telegram: { baseUrl: `${url}/s/`, backfillWindow: '36500d' } }), feeds: () => [{ id: 'tg-dnr', telegram: 'dnr_e2e' }, { id: 'tg-missing', telegram: '@no_such_e2e' }] });
  const asked: string[] = [];
  let newest = 'channel/newest.html';

  beforeAll(() => {
    e2e.server.routes.set('/s/dnr_e2e', (req, res) => {
      asked.push(req.url!);
      const before = new URL(req.url!, e2e.server.url).searchParams.get('before');
      const file = before === null ? newest : before === '201' ? 'channel/older.html' : before === '196' ? 'channel/oldest.html' : null;
      if (!file) return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(file));
    });
    e2e.server.routes.set('/s/no_such_e2e', { status: 200, headers: { 'content-type': 'text/html' }, body: page('not-found.html') });
  });

  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore(e2e.databaseUrl);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  it('backfills through ?before= pages and stores each text post once, with its alerts', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/polled 2 feeds \(1 failing\), 9 new articles/);
    expect(asked).toEqual(['/s/dnr_e2e', '/s/dnr_e2e?before=201', '/s/dnr_e2e?before=196']);

    const alerts = jsonLines<AlertLine>((await runCli(['alerts', 'list', '--json'], e2e.env)).stdout);
    expect(alerts.map((a) => `${a.rule} ${a.url}`).sort()).toEqual([
      'donbas-evacuation https://t.me/dnr_e2e/201',
      'shelling-donbas https://t.me/dnr_e2e/198',
    ]);
    const evacuation = alerts.find((a) => a.rule === 'donbas-evacuation')!;
    expect(evacuation).toMatchObject({ lang: 'ru', title: 'Срочно. Глава ДНР Денис Пушилин объявил о массовой эвакуации населения в Россию.', published: '2022-02-18T15:00:00.000Z' });
    expect(evacuation.entities).toEqual(expect.arrayContaining(['pushilin', 'dpr', 'evacuation']));

    await withStore(async (store) => {
      expect((await store.counts()).articles).toBe(9);
      const posts = await store.telegramPosts(['telegram:dnr_e2e/205', 'telegram:dnr_e2e/202', 'telegram:dnr_e2e/199', 'telegram:dnr_e2e/204']);
      expect(posts.map((p) => p.postId)).toEqual([199, 202, 205]);
      expect(posts[2]).toMatchObject({ views: 1_200_000, forwardedFrom: { name: 'Кремль тест', url: 'https://t.me/kremlin_e2e/77' }, edits: 0 });
      expect(posts[1]).toMatchObject({ media: ['photo'], views: 12_300 });
      expect(posts[0]).toMatchObject({ replyTo: 'dnr_e2e/198' });
      const feeds = await store.listFeeds();
      expect(feeds.find((f) => f.id === 'tg-dnr')).toMatchObject({ lastStatus: 'ok', title: 'ДНР тест', itemsSeen: 9, url: 'https://t.me/s/dnr_e2e' });
      expect(feeds.find((f) => f.id === 'tg-missing')).toMatchObject({ lastStatus: 'not-found', consecutiveErrors: 1 });
      expect(feeds.find((f) => f.id === 'tg-missing')!.lastError).toMatch(/^telegram: @no_such_e2e: no public channel preview/);
    });
  }, CLI_TEST_MS);

  it('re-polls the newest page only; an edited post is rewritten in place and alerts only on a new hit', async () => {
    newest = 'channel/newest-edited.html';
    asked.length = 0;
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    expect(asked).toEqual(['/s/dnr_e2e']);
    expect(run.stdout).toMatch(/1 new articles, 1 new alerts/);

    const alerts = jsonLines<AlertLine>((await runCli(['alerts', 'list', '--json'], e2e.env)).stdout);
    expect(alerts.map((a) => `${a.rule} ${a.url}`).sort()).toEqual([
      'donbas-evacuation https://t.me/dnr_e2e/201',
      'donbas-evacuation https://t.me/dnr_e2e/203',
      'shelling-donbas https://t.me/dnr_e2e/198',
    ]);
    await withStore(async (store) => {
      expect((await store.counts()).articles).toBe(10);
      const [p201, p203] = await store.telegramPosts(['telegram:dnr_e2e/201', 'telegram:dnr_e2e/203']);
      expect(p201).toMatchObject({ edits: 1, edited: true, views: 41_200 });
      expect(p203).toMatchObject({ edits: 1, edited: true });
      const alert = (await store.listAlerts({ rule: 'donbas-evacuation' })).find((a) => a.url === 'https://t.me/dnr_e2e/203')!;
      const article = await store.getArticle(alert.articleId);
      expect(article!.text).toContain('Пушилин объявил эвакуацию посетителей выставки');
      expect(article!.method).toBe('telegram');
    });
  }, CLI_TEST_MS);

  it('a third poll with nothing changed adds nothing', async () => {
    asked.length = 0;
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/0 new articles, 0 new alerts/);
    expect(asked).toEqual(['/s/dnr_e2e']);
  }, CLI_TEST_MS);
});
