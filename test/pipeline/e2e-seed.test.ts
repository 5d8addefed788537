/**
 * End to end on real Redis and SQLite: `mediamon run --once` on a local feed whose item links to the seed
 * article stores one article and one alert per rule that fires, each exactly once; a second run adds
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { SEED_ENTITIES, SEED_RULES, SEED_TITLE, seedRoutes } from './seed-fixture.js';

interface AlertLine {
  id: number;
  rule: string;
  url: string;
  title: string;
  lang: string;
  published: string | null;
  entities: string[];
  created: string;
  method: string;
}

describe('mediamon run --once on the seed article (SQLite)', () => {
  const e2e = useE2E({ routes: seedRoutes, feeds: (url) => [{ id: 'fixture-world', url: `${url}/feed.xml` }] });
  let alertCount = 0;

  it('stores the article and raises each alert once', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.stderr).not.toMatch(/Error|failed/i);
    expect(run.code).toBe(0);
    const summary = /polled 1 feeds \(0 failing\), 1 new articles, (\d+) new alerts/.exec(run.stdout);
    expect(summary, run.stdout).not.toBeNull();

    const list = await runCli(['alerts', 'list', '--json'], e2e.env);
    expect(list.code).toBe(0);
    const alerts = jsonLines<AlertLine>(list.stdout);
    const rules = alerts.map((a) => a.rule);
    expect(rules).toEqual(expect.arrayContaining(SEED_RULES));
    expect(new Set(rules).size).toBe(rules.length);
    expect(alerts).toHaveLength(Number(summary![1]));
    alertCount = alerts.length;
    for (const alert of alerts) {
      expect(alert.title).toBe(SEED_TITLE);
      expect(alert.lang).toBe('en');
      expect(alert.published?.slice(0, 10)).toBe('2022-02-18');
      expect(alert.url).toBe(`${e2e.server.url}/world/2022/02/18/donbas-evacuation?utm_source=rss&utm_medium=feed`);
      expect(alert.method).not.toBe('feed-fallback');
      expect(alert.entities).toEqual(expect.arrayContaining(SEED_ENTITIES));
      expect(alert.entities).not.toContain('kuleba');
    }
    expect(e2e.server.hits.get('/world/2022/02/18/donbas-evacuation')).toBe(1);
  });

  it('adds nothing on a second run, and fetches no page again', async () => {
    const run = await runCli(['run', '--once'], e2e.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 new articles, 0 new alerts/);
    const alerts = jsonLines(await runCli(['alerts', 'list', '--json'], e2e.env).then((r) => r.stdout));
    expect(alerts).toHaveLength(alertCount);
    expect(e2e.server.hits.get('/world/2022/02/18/donbas-evacuation')).toBe(1);
  });

  it('filters alerts by rule and entity, and prints them for people too', async () => {
    const byRule = jsonLines<AlertLine>((await runCli(['alerts', 'list', '--json', '--rule', 'false-flag'], e2e.env)).stdout);
    expect(byRule.map((a) => a.rule)).toEqual(['false-flag']);
    const none = jsonLines((await runCli(['alerts', 'list', '--json', '--entity', 'kuleba'], e2e.env)).stdout);
    expect(none).toEqual([]);
    const human = await runCli(['alerts', 'list'], e2e.env);
    expect(human.stdout).toContain(SEED_TITLE);
    expect(human.stdout).toContain('donbas-evacuation');
  });
});
