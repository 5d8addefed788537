/**
 * The source registry and the source kinds in feeds.yaml: the shipped sources all say what they are and
 * validate; mistakes in a page, telegram or registry key are reported with file and key path.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { AFFILIATIONS } from '../../src/settings/source-fields.js';
import { writeTestConfig } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/services.js';

describe('the shipped feeds.yaml', () => {
  const config = loadConfig(path.join(REPO_ROOT, 'config'), {});

  it('validates, and every source carries affiliation, country, language and owner', () => {
    expect(config.feeds.length).toBeGreaterThanOrEqual(40);
    for (const source of config.feeds) {
      expect(AFFILIATIONS, source.id).toContain(source.affiliation);
      expect(source.country, source.id).toMatch(/^[A-Z]{2}$/);
      expect(source.language, source.id).toMatch(/^(ru|uk|en)$/);
      expect(source.owner, source.id).toBeTruthy();
    }
  });

  it('covers the actors of this war: DPR/LPR heads and agencies, Russian MoD and presidency, Ukraine\'s president, general staff and oblast administrations', () => {
    const byId = new Map(config.feeds.map((f) => [f.id, f]));
    expect(byId.get('tg-pushilin')).toMatchObject({ telegram: 'pushilindenis', affiliation: 'separatist-authority', url: 'https://t.me/s/pushilindenis' });
    expect(byId.get('tg-pasechnik')).toMatchObject({ telegram: 'glava_lnr_info', affiliation: 'separatist-authority' });
    expect(byId.get('dan-news')).toMatchObject({ page: 'https://dan-news.ru/', affiliation: 'separatist-media', url: 'https://dan-news.ru/' });
    expect(byId.get('lug-info')).toMatchObject({ page: 'https://lug-info.com/', affiliation: 'separatist-media' });
    expect(byId.get('tg-mod-russia')).toMatchObject({ telegram: 'mod_russia', affiliation: 'ru-state' });
    expect(byId.get('tg-zelensky')).toMatchObject({ telegram: 'V_Zelenskiy_official', affiliation: 'ua-government' });
    expect(byId.get('tg-general-staff')).toMatchObject({ telegram: 'GeneralStaffZSU', affiliation: 'ua-government' });
    expect(byId.get('tg-donetsk-ova')?.telegram).toBe('pavlokyrylenko_donoda');
    expect(byId.get('tg-luhansk-ova')?.telegram).toBe('luhanskaVTSA');
    const affiliations = new Set(config.feeds.map((f) => f.affiliation));
    for (const a of ['separatist-authority', 'separatist-media', 'ru-state', 'ru-independent', 'ua-government', 'ua-media', 'international']) expect(affiliations).toContain(a);
  });

  it('gives the shipped rule for separatist evacuation claims its affiliation filter', () => {
    expect(config.rules.rules.find((r) => r.id === 'separatist-evacuation-claims')?.affiliations).toEqual(['separatist-authority']);
  });
});

describe('source keys in feeds.yaml', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.drop());

  const problems = (feeds: Record<string, unknown>[]): string[] => {
    writeTestConfig(temp.dir, []);
    writeFileSync(path.join(temp.dir, 'feeds.yaml'), YAML.stringify({ feeds }));
    try {
      loadConfig(temp.dir, {});
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('accepts the three kinds and sets url to the feed, the page or the channel preview', () => {
    writeTestConfig(temp.dir, [
      { id: 'f', url: 'https://example.com/rss' },
      { id: 'p', page: 'https://dan.example/news/', items: 'div.news-item', link: 'a', itemTitle: 'a', date: '.date', dateFormat: 'DD.MM.YYYY HH:mm', timezone: 'Europe/Moscow', affiliation: 'separatist-media' },
      { id: 't', telegram: 'pushilindenis', affiliation: 'separatist-authority', country: 'UA', owner: 'x', notes: 'unverified' },
    ]);
    expect(loadConfig(temp.dir, {}).feeds.map((f) => f.url)).toEqual(['https://example.com/rss', 'https://dan.example/news/', 'https://t.me/s/pushilindenis']);
  });

  it.each([
    ['url and page together', { id: 'a', url: 'https://e.example/rss', page: 'https://e.example/' }, /feeds\[a\]\.page: give one of url, page or telegram, not url and page/],
    ['no url, page or telegram', { id: 'a' }, /feeds\[a\]\.url: give url \(a feed\), page \(a listing page\) or telegram/],
    ['item selectors without items', { id: 'a', page: 'https://e.example/', date: '.date' }, /feeds\[a\]\.date: date is relative to each item: give items too/],
    ['items on a feed', { id: 'a', url: 'https://e.example/rss', items: 'li' }, /feeds\[a\]\.items: items is for page sources/],
    ['a selector that is not CSS', { id: 'a', page: 'https://e.example/', items: 'div[[' }, /feeds\[a\]\.items: not a CSS selector/],
    ['a page that is not http(s)', { id: 'a', page: 'ftp://e.example/' }, /feeds\[a\]\.page: must be an http\(s\) URL/],
    ['an unknown affiliation', { id: 'a', url: 'https://e.example/rss', affiliation: 'kremlin' }, /feeds\[a\]\.affiliation: .*separatist-authority/],
    ['a bad Telegram username', { id: 'a', telegram: 'https://t.me/x' }, /feeds\[a\]\.telegram: not a Telegram channel username/],
    ['an unknown time zone', { id: 'a', page: 'https://e.example/', timezone: 'Mars/Olympus' }, /feeds\[a\]\.timezone: not an IANA time zone/],
  ])('%s is reported with file and key', (_, feed, pattern) => {
    const found = problems([feed]);
    expect(found.join('\n')).toMatch(new RegExp(`feeds\\.yaml: ${pattern.source}`));
  });

  it('a rule with an unknown affiliation is reported in rules.yaml', () => {
    writeTestConfig(temp.dir, [{ id: 'a', url: 'https://e.example/rss' }]);
    writeFileSync(path.join(temp.dir, 'rules.yaml'), YAML.stringify({ rules: [{ id: 'r', when: ['evacuation'], affiliations: ['dpr'] }] }));
    expect(() => loadConfig(temp.dir, {})).toThrow(/rules\.yaml: rules\[r\]\.affiliations\[0\]/);
  });
});
