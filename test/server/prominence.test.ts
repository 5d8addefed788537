/**
 * Entity chips, most prominent first, on the alerts page and the article page: the entities a rule
 * fired on, then those the headline names, then the most often named (not alphabetical).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { Mention } from '../../src/types.js';
import { openWorld, type World } from './fixture.js';

const TITLE = 'Kremlin silent as buses leave';
const TEXT = 'The DPR said the DPR would move people. Pushilin announced an evacuation. The DPR repeated it.';

function at(text: string, word: string, nth: number, field: 'title' | 'body', entity: string): Mention {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(word, start + 1);
  return { entity, start, end: start + word.length, text: word, field };
}

describe('entity chips by prominence', () => {
  let world: World;
  let server: RunningServer;
  let articleId = 0;
  const chips = (body: string) => [...body.matchAll(/<a class="chip" href="\/entities\/([^"]+)">/g)].map((m) => m[1]!);

  beforeAll(async () => {
    world = await openWorld();
    const pushilin = at(TEXT, 'Pushilin', 0, 'body', 'pushilin');
    const evacuation = at(TEXT, 'evacuation', 0, 'body', 'evacuation');
    const mentions = [at(TITLE, 'Kremlin', 0, 'title', 'kremlin'), at(TEXT, 'DPR', 0, 'body', 'dpr'), at(TEXT, 'DPR', 1, 'body', 'dpr'), pushilin, evacuation, at(TEXT, 'DPR', 2, 'body', 'dpr')];
    const saved = await world.rt.store.saveAnalysis({
      key: 'prominence', feedId: 'kyiv-news', url: null, canonicalUrl: null, title: TITLE, text: TEXT, author: null,
      published: '2022-02-18T12:00:00Z', lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
    }, mentions, [{ rule: 'donbas-evacuation', score: 2, priority: 'immediate', mentions: [pushilin, evacuation] }]);
    articleId = saved.articleId;
    server = await startServer(world.rt, { port: 0, env: {} });
  });
  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });

  it('puts the rule\'s evidence first, then the headline\'s entity, then the most named', async () => {
    const alerts = await (await fetch(`${server.url}/alerts`)).text();
    expect(chips(alerts)).toEqual(['evacuation', 'pushilin', 'kremlin', 'dpr']);
    const article = await (await fetch(`${server.url}/articles/${articleId}`)).text();
    expect(chips(article.slice(article.indexOf('Entities mentioned')))).toEqual(['evacuation', 'pushilin', 'kremlin', 'dpr']);
    const list = await (await fetch(`${server.url}/articles`)).text();
    expect(chips(list)).toEqual(['kremlin', 'dpr', 'evacuation', 'pushilin']);
  });
});
