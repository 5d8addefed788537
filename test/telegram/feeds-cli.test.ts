/**
 * `mediamon feeds check` and `feeds add` on Telegram channels, with settings.telegram.baseUrl on a
 * fixture server at 127.0.0.1 (so t.me links and @names are read from there, never from t.me).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { REPO_ROOT } from '../helpers/services.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/telegram');
const html = (name: string) => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: readFileSync(path.join(FIXTURES, name)) });

interface CheckLine {
  input: string;
  ok: boolean;
  error: { kind: string; message: string } | null;
  format: string | null;
  title: string | null;
  before: number | null;
  items: { guid: string; link: string; published: string | null; text: string; views: number | null; forwardedFrom: unknown; replyTo: string | null; media: string[]; edited: boolean }[];
}

/** Several CLI processes a test: generous on a loaded machine (a timeout, not a timing assertion). */
const CLI_TEST_MS = 300_000;

describe('mediamon feeds check / add with Telegram channels', () => {
  const e2e = useE2E({
    routes: { '/s/dwatch_test': html('kinds-2023.html'), '/s/no_such_channel_test': html('not-found.html') },
    feeds: () => [],
    settings: (url) => ({ telegram: { baseUrl: `${url}/s/` } }),
  });
  const entries = () => (YAML.parse(readFileSync(path.join(e2e.dir, 'feeds.yaml'), 'utf8')) as { feeds: Record<string, string>[] }).feeds;

  it('checks a t.me link, a missing @name and a saved page, one JSON line each', async () => {
    const saved = path.join(FIXTURES, 'kinds-2026.html');
    const run = await runCli(['feeds', 'check', '--jsonl', 'https://t.me/s/dwatch_test', '@no_such_channel_test', saved], e2e.env);
    expect(run.code).toBe(1);
    const [live, missing, file] = jsonLines<CheckLine>(run.stdout);
    expect(live).toMatchObject({ input: 'https://t.me/s/dwatch_test', ok: true, format: 'telegram', title: 'Donbas Watch & Test', before: 120, error: null });
    expect(live!.items.map((i) => i.guid)).not.toContain('dwatch_test/120');
    expect(live!.items.find((i) => i.guid === 'dwatch_test/131')).toEqual({
      guid: 'dwatch_test/131', link: 'https://t.me/dwatch_test/131', published: '2023-03-01T13:00:00.000Z', text: 'Сирены в Донецке.', views: 33_800,
      forwardedFrom: { name: 'ДНР Онлайн', url: 'https://t.me/dnronline/5555' }, replyTo: null, media: [], edited: false,
    });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(missing!.error!.message).toMatch(/@no_such_channel_test/);
    expect(file).toMatchObject({ ok: true, format: 'telegram', title: 'Пресс-служба ДНР (тест)', before: 300 });
    expect(e2e.server.hits.get('/s/dwatch_test')).toBe(1);
  }, CLI_TEST_MS);

  it('adds a channel from a t.me link as { id, telegram }, refuses it twice and refuses a missing one', async () => {
    const add = await runCli(['feeds', 'add', 'https://t.me/dwatch_test'], e2e.env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/added Telegram channel 'tg-dwatch_test'/);
    expect(entries()).toEqual([{ id: 'tg-dwatch_test', telegram: 'dwatch_test', title: 'Donbas Watch & Test' }]);
    const again = await runCli(['feeds', 'add', '@DWatch_Test'], e2e.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already watched as 'tg-dwatch_test'/);
    const missing = await runCli(['feeds', 'add', 't.me/s/no_such_channel_test'], e2e.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no_such_channel_test: no public channel preview/);
    expect(entries()).toHaveLength(1);
    writeFileSync(path.join(e2e.dir, 'feeds.yaml'), YAML.stringify({ feeds: [...entries(), { id: 'bad', telegram: 'not a name!' }] }));
    const check = await runCli(['config', 'check'], e2e.env);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/feeds\.yaml: feeds\[bad\]\.telegram: not a Telegram channel username/);
  }, CLI_TEST_MS);
});
