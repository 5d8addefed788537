/**
 * A server test's world: a config folder, a SQLite store seeded with articles and alerts (one with a
 * hostile title), a Runtime on real Redis under its own prefix, and the server on 127.0.0.1:0.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import type { ArticleInput } from '../../src/store/index.js';
import type { Mention, RuleHit } from '../../src/types.js';
import { writeTestConfig } from '../helpers/cli.js';
import { REDIS_URL, pgSchema, redisPrefix, tempDir } from '../helpers/services.js';

export const XSS_TITLE = '<img src=x onerror=alert(1)>';
export const FEEDS = [{ id: 'kyiv-news', url: 'http://127.0.0.1:9/a.xml', title: 'Kyiv News' }, { id: 'tass', url: 'http://127.0.0.1:9/b.xml', affiliation: 'ru-state' }];

function article(key: string, overrides: Partial<ArticleInput>): ArticleInput {
  return {
    key, feedId: 'kyiv-news', url: `https://news.example/${key}`, canonicalUrl: null, title: key, text: '', author: null,
    published: '2022-02-18T14:00:00Z', lang: 'en', langConfidence: 0.9, siteName: 'News Example', method: 'generic', fetchError: null, ...overrides,
  };
}

function mention(text: string, surface: string, entity: string, from = 0): Mention {
  const start = text.indexOf(surface, from);
  return { entity, start, end: start + surface.length, text: surface };
}

export const PUSHILIN_TEXT = 'Denis Pushilin, head of the DPR, announced an evacuation.\n\nPushilin said buses were ready. <script>alert(2)</script>';
export const RU_TEXT = 'Глава ДНР Денис Пушилин объявил эвакуацию жителей.';

/** Seed: an English article on Pushilin (two rules), a Russian one, a hostile one, and `extra` plain ones. */
export async function seed(rt: Runtime, extra = 0): Promise<{ pushilinId: number; ruId: number; xssId: number }> {
  const pm: Mention[] = [mention(PUSHILIN_TEXT, 'Pushilin', 'pushilin'), mention(PUSHILIN_TEXT, 'DPR', 'dpr'), mention(PUSHILIN_TEXT, 'evacuation', 'evacuation'),
    mention(PUSHILIN_TEXT, 'Pushilin', 'pushilin', 20)];
  const hits: RuleHit[] = [
    { rule: 'donbas-evacuation', score: 3, priority: 'immediate', mentions: [pm[0]!, pm[2]!] },
    { rule: 'false-flag', score: 1, priority: 'digest', mentions: [pm[1]!] },
  ];
  for (let i = 0; i < extra; i++) {
    await rt.store.saveAnalysis(article(`plain-${i}`, { title: `Plain story ${i}`, text: `Grain exports ${i}.`, published: '2021-01-01T00:00:00Z' }), [], [{ rule: 'false-flag', score: 1, priority: 'digest', mentions: [] }]);
  }
  const ru = await rt.store.saveAnalysis(article('ru-1', { title: 'Пушилин объявил эвакуацию', text: RU_TEXT, lang: 'ru', feedId: 'tass' }),
    [mention(RU_TEXT, 'Пушилин', 'pushilin')], [{ rule: 'donbas-evacuation', score: 2, priority: 'immediate', mentions: [] }]);
  const xss = await rt.store.saveAnalysis(article('xss', { title: XSS_TITLE, text: 'Nothing about Donbas. <b>bold</b> & more', url: 'javascript:alert(3)' }),
    [], [{ rule: 'false-flag', score: 1, priority: 'digest', mentions: [] }]);
  const en = await rt.store.saveAnalysis(article('pushilin-1', { title: 'Pushilin announces evacuation', text: PUSHILIN_TEXT }), pm, hits);
  return { pushilinId: en.articleId, ruId: ru.articleId, xssId: xss.articleId };
}

export interface World {
  rt: Runtime;
  cleanup(): Promise<void>;
}

/** A runtime over a temp config and SQLite (default), or a PostgreSQL schema of its own. */
export async function openWorld(store: 'sqlite' | 'postgres' = 'sqlite'): Promise<World> {
  const temp = tempDir();
  const pg = store === 'postgres' ? await pgSchema() : null;
  const redis = redisPrefix();
  writeTestConfig(temp.dir, FEEDS);
  writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), `subscriptions:
  - id: desk
    name: Donbas desk
    filter: { rules: [donbas-evacuation] }
    channels: [{ type: file, dir: ${JSON.stringify(path.join(temp.dir, 'digests'))} }]
`);
  const config = loadConfig(temp.dir, {});
  const rt = await createRuntime(config, { redisUrl: REDIS_URL, databaseUrl: pg?.url ?? `sqlite:${path.join(temp.dir, 'm.db')}`, logger: silentLogger, prefix: redis.prefix });
  return {
    rt,
    cleanup: async () => {
      await rt.close();
      await pg?.drop();
      await redis.drop();
      temp.drop();
    },
  };
}
