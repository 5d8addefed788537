/**
 * Headlines are tagged: a mention records whether it stands in the title or the body, with offsets
 * into that field; rules see both, and proximity is counted within one field.
 */
import { describe, expect, it } from 'vitest';
import { RulesSchema, evaluateRules, tagAndEvaluate, tagArticle, type RulesConfig } from '../../src/tagging/index.js';
import { compiled, config } from './helpers.js';

const HEADLINE = 'Pushilin announces mass evacuation of DPR civilians to Russia';
const BODY = 'The separatist leader said in a video address that women, children and the elderly would leave first.\n\n' +
  'He accused Kyiv of preparing an offensive.';

describe('tagArticle', () => {
  it('tags title and body, each mention with its field and offsets into that field', () => {
    const mentions = tagArticle({ title: HEADLINE, text: BODY }, compiled);
    expect(mentions.map((m) => [m.field, m.entity])).toEqual([
      ['title', 'pushilin'], ['title', 'evacuation'], ['title', 'dpr'], ['body', 'offensive'],
    ]);
    for (const m of mentions) expect((m.field === 'title' ? HEADLINE : BODY).slice(m.start, m.end)).toBe(m.text);
  });

  it('never joins the last word of the title to the first of the body', () => {
    const mentions = tagArticle({ title: 'Interview with Denis', text: 'Pushilin is not named here.' }, compiled);
    expect(mentions.map((m) => [m.field, m.text])).toEqual([['body', 'Pushilin']]);
  });

  it('does not tag again a title the body opens with (a post whose title is its first line)', () => {
    const post = 'Песков заявил, что Кремль не планирует наступление.';
    const mentions = tagArticle({ title: post, text: `${post}\n\nПодробности позже.` }, compiled);
    expect(mentions.map((m) => [m.field, m.entity])).toEqual([['body', 'peskov'], ['body', 'kremlin'], ['body', 'offensive']]);
    // A headline the body does not repeat is still tagged.
    expect(tagArticle({ title: 'Кремль', text: post }, compiled).filter((m) => m.field === 'title').map((m) => m.entity)).toEqual(['kremlin']);
  });

  it('gives body-only mentions when there is no title', () => {
    expect(tagArticle({ title: null, text: 'Putin spoke.' }, compiled).map((m) => m.field)).toEqual(['body']);
  });
});

describe('rules over title and body', () => {
  it('raises donbas-evacuation from the headline alone, with the headline as evidence', () => {
    const { hits } = tagAndEvaluate({ title: HEADLINE, text: BODY }, compiled, config.rules, { lang: 'en' });
    const hit = hits.find((h) => h.rule === 'donbas-evacuation');
    expect(hit?.mentions.map((m) => [m.field, m.text])).toEqual([['title', 'Pushilin'], ['title', 'evacuation'], ['title', 'DPR']]);
    expect(tagAndEvaluate(BODY, compiled, config.rules, { lang: 'en' }).hits.map((h) => h.rule)).not.toContain('donbas-evacuation');
  });

  const rules = (spec: unknown): RulesConfig => RulesSchema.parse({ rules: [spec] });
  const fire = (title: string, text: string, r: RulesConfig): string[] =>
    evaluateRules({ title, text }, tagArticle({ title, text }, compiled), r, { lang: 'en', watchlist: compiled }).map((h) => h.rule);

  it('sees a title mention and a body mention together when the rule has no proximity', () => {
    const r = rules({ id: 'r', all: ['dpr', 'evacuation'] });
    expect(fire('DPR leader speaks', 'An evacuation was announced.', r)).toEqual(['r']);
  });

  it('counts proximity within one field: a sentence or N words never span title and body', () => {
    const bySentence = rules({ id: 's', all: ['dpr', 'evacuation'], proximity: { sentence: true } });
    const byWords = rules({ id: 'w', all: ['dpr', 'evacuation'], proximity: { sentence: false, words: 30 } });
    for (const r of [bySentence, byWords]) {
      expect(fire('DPR leader speaks', 'Evacuation began at dawn.', r)).toEqual([]);
      expect(fire('DPR leader speaks', 'The DPR ordered an evacuation.', r)).toHaveLength(1);
      expect(fire('DPR orders evacuation', 'Nothing else.', r)).toHaveLength(1);
    }
  });
});
