/**
 * `mediamon alerts list` over alerts stored in PostgreSQL: newest published first (stored time when an
 * article has none), one entry per article with its rules, times in a named zone; `--json` keeps one
 * object per alert (the CLI contract) in the same order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type ArticleInput } from '../../src/store/index.js';
import type { RuleHit } from '../../src/types.js';
import { cliEnv, jsonLines, runCli } from '../helpers/cli.js';
import { pgSchema, tempDir } from '../helpers/services.js';

function article(key: string, title: string, published: string | null): ArticleInput {
  return {
    key, feedId: 'desk', url: `https://news.example/${key}`, canonicalUrl: null, title, text: `${title}.`, author: null, published,
    lang: 'uk', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}
const hit = (rule: string, priority: RuleHit['priority'] = 'digest'): RuleHit => ({ rule, score: 1, priority, mentions: [] });

describe('mediamon alerts list', { timeout: 240_000 }, () => {
  const temp = tempDir();
  let db: Awaited<ReturnType<typeof pgSchema>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await pgSchema();
    const store = await openStore(db.url);
    try {
      // Stored in this order: evening (three rules), morning, undated.
      await store.saveAnalysis(article('evening', 'Evening shelling report', '2026-11-30T22:44:00Z'), [], [hit('shelling-donbas'), hit('donbas-evacuation', 'immediate'), hit('watch-all')]);
      await store.saveAnalysis(article('morning', 'Morning briefing', '2026-11-30T06:05:00Z'), [], [hit('watch-all')]);
      await store.saveAnalysis(article('undated', 'Undated notice', null), [], [hit('false-flag')]);
    } finally {
      await store.close();
    }
    env = cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl: db.url });
  });
  afterAll(async () => {
    await db?.drop();
    temp.drop();
  });

  it('prints one entry per article, newest published first, with its rules together and zoned times', async () => {
    const result = await runCli(['alerts', 'list', '--tz', 'Europe/Kyiv'], env);
    expect(result.code, result.stderr).toBe(0);
    const titles = [...result.stdout.matchAll(/\[uk\] {2}(.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Undated notice', 'Evening shelling report', 'Morning briefing']);
    expect(result.stdout).toMatch(/^5 alert\(s\) on 3 article\(s\), newest published first; times in Europe\/Kyiv$/m);
    expect(result.stdout).toMatch(/^2026-12-01 00:44 \+02:00 {2}\[uk\] {2}Evening shelling report\n {4}rules: shelling-donbas #\d+, donbas-evacuation \(immediate\) #\d+, watch-all #\d+$/m);
    expect(result.stdout).toMatch(/^2026-11-30 08:05 \+02:00 {2}\[uk\] {2}Morning briefing$/m);
    expect(result.stdout).toMatch(/\+02:00 \(stored; no publication time\) {2}\[uk\] {2}Undated notice/);
  });

  it('takes --tz UTC and --sort created, and refuses an unknown zone with exit 2', async () => {
    const utc = await runCli(['alerts', 'list', '--tz', 'UTC', '--sort', 'created'], env);
    expect(utc.code, utc.stderr).toBe(0);
    expect([...utc.stdout.matchAll(/\[uk\] {2}(.+)$/gm)].map((m) => m[1])).toEqual(['Undated notice', 'Morning briefing', 'Evening shelling report']);
    expect(utc.stdout).toMatch(/^2026-11-30 22:44 \+00:00 {2}\[uk\] {2}Evening shelling report$/m);
    const bad = await runCli(['alerts', 'list', '--tz', 'Mars/Olympus'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tz must be an IANA time zone.*Mars\/Olympus/);
  });

  it('keeps --json to one object per alert with the contract fields, in the same order', async () => {
    const result = await runCli(['alerts', 'list', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const alerts = jsonLines(result.stdout);
    expect(alerts.map((a) => a.rule)).toEqual(['false-flag', 'shelling-donbas', 'donbas-evacuation', 'watch-all', 'watch-all']);
    expect(Object.keys(alerts[1]!).slice(0, 8)).toEqual(['id', 'rule', 'url', 'title', 'lang', 'published', 'entities', 'created']);
    expect(alerts[1]).toMatchObject({ url: 'https://news.example/evening', title: 'Evening shelling report', lang: 'uk', published: '2026-11-30T22:44:00.000Z', entities: [] });
    expect(alerts[0]!.published).toBeNull();
  });
});
