import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseDomain, extractArticle, findSiteRule, validateSiteRule, type SiteRule } from '../../src/extract/index.js';

const RULES: SiteRule[] = [
  { host: 'presse.example.de', body: ['.pm-text'], author: '.pm-autor', date: '.pm-date', drop: ['.pm-date', '.pm-autor'] },
  { host: 'example.de', body: ['.does-not-exist'] },
  { host: 'example.co.uk', body: ['article'] },
];

describe('findSiteRule', () => {
  it.each([
    ['exact host', 'https://presse.example.de/a', 'presse.example.de'],
    ['base domain for another subdomain', 'https://www.example.de/a', 'example.de'],
    ['base domain itself', 'http://example.de/', 'example.de'],
    ['two-level public suffix', 'https://news.example.co.uk/x', 'example.co.uk'],
    ['unknown host', 'https://other.example.org/', null],
    ['no URL', null, null],
    ['unparseable URL', 'not a url', null],
  ])('%s', (_label, url, host) => {
    expect(findSiteRule(RULES, url)?.host ?? null).toBe(host);
  });

  it('derives base domains', () => {
    expect(baseDomain('a.b.news.bbc.co.uk')).toBe('bbc.co.uk');
    expect(baseDomain('www.rbc.ru')).toBe('rbc.ru');
    expect(baseDomain('localhost')).toBe('localhost');
  });
});

describe('extractArticle with site rules', () => {
  const html = readFileSync(new URL('../fixtures/pages/site-rule/source.html', import.meta.url), 'utf8');

  it('generic extraction takes the long advert block on this page', () => {
    expect(extractArticle(html, 'https://presse.example.de/pm/1').text).toContain('Werbetext');
  });

  it('the matching rule picks the body and metadata by selector', () => {
    const r = extractArticle(html, 'https://presse.example.de/pm/1', { rules: RULES });
    expect(r).toMatchObject({
      method: 'site-rule',
      text: 'Die Stadt eröffnet das neue Bürgerbüro am Montag.',
      author: 'Erika Mustermann',
      published: '2021-03-03',
    });
  });

  it('a rule whose body selector matches nothing falls back to generic extraction', () => {
    const r = extractArticle(html, 'https://www.example.de/pm/1', { rules: RULES });
    expect(r.method).toBe('generic');
    expect(r.text.length).toBeGreaterThan(0);
  });

  it('ships no rules, so pages from any host go generic by default', () => {
    expect(extractArticle(html, 'https://presse.example.de/pm/1').method).toBe('generic');
  });
});

describe('validateSiteRule', () => {
  it('accepts a well-formed rule', () => {
    expect(() => validateSiteRule(RULES[0]!)).not.toThrow();
  });

  it.each([
    ['bad selector', { host: 'example.com', body: ['div[[['] }, /^extract: site rule for example\.com: bad selector "div\[\[\["/],
    ['empty host', { host: '' }, /^extract: site rule has a bad host/],
    ['host with a path', { host: 'example.com/news' }, /^extract: site rule has a bad host/],
  ])('rejects a %s', (_label, rule, message) => {
    expect(() => validateSiteRule(rule as SiteRule)).toThrow(message);
  });
});
