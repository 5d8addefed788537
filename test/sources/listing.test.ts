/**
 * Listing-page sources on the project's own listing pages (Russian and Ukrainian news-site markup:
 * a dated list, cards in rows, relative dates; each with menus, tag clouds, pagination, sidebars and
 * footers): discovery finds exactly the articles, the selectors it suggests read the same items,
 * a source's own selectors and date format are honoured, and two empty polls make `selector-empty`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedSchema } from '../../src/settings/schema.js';
import { FeedError } from '../../src/feeds/errors.js';
import { readListing, readListingBytes } from '../../src/sources/listing.js';
import { parseListingDate } from '../../src/sources/listing-dates.js';
import { LISTING_EMPTY, readPageSource } from '../../src/sources/listing-poll.js';
import { REPO_ROOT } from '../helpers/paths.js';

const BASE = 'https://news.example/news/';
const NOW = new Date('2022-02-18T20:00:00Z');
const fixture = (name: string) => readFileSync(path.join(REPO_ROOT, 'test/fixtures/listings', name), 'utf8');
const paths = (items: { link: string }[]) => items.map((i) => new URL(i.link).pathname);

describe('discovery: the article links of a listing page, without selectors', () => {
  it('a dated list: the six news items, not the menu, tag cloud, pagination, popular box or footer', () => {
    const result = readListing(fixture('dated-list.html'), BASE, {}, NOW);
    expect(result.mode).toBe('discovery');
    expect(paths(result.items)).toEqual([
      '/official/2022/02/18/84512.html', '/incidents/2022/02/18/84507.html', '/society/2022/02/18/84499.html',
      '/politics/2022/02/17/84470.html', '/economy/2022/02/17/84461.html', '/society/2022/02/17/84440.html',
    ]);
    expect(result.items[0]).toMatchObject({
      title: 'Глава ДНР Денис Пушилин объявил о централизованной эвакуации населения в Россию',
      published: '2022-02-18T16:30:00.000Z',
      dateText: '18.02.2022 16:30',
    });
    expect(result.selectors).toEqual({ items: 'div.news-item', date: 'span.news-date' });
    expect(result.title).toContain('Донецкое агентство новостей');
  });

  it('cards in two rows: five articles once each (image and headline link the same URL), rubric links left out', () => {
    const result = readListing(fixture('cards.html'), BASE, {}, NOW);
    expect(paths(result.items)).toEqual([
      '/cms/news/official/2022-02-18-pasechnik-obyavil-evakuaciyu', '/cms/news/society/2022-02-18-punkty-priema-bezhencev',
      '/cms/news/incidents/2022-02-18-obstrel-stanicy', '/cms/news/economy/2022-02-17-postavki-gaza',
      '/cms/news/official/2022-02-17-zasedanie-sovmina',
    ]);
    expect(result.items[0]!.title).toBe('Пасечник объявил эвакуацию жителей ЛНР в Российскую Федерацию');
    // <time datetime> with its offset wins over the written form.
    expect(result.items[0]!.published).toBe('2022-02-18T14:45:00.000Z');
    expect(result.items[0]!.teaser).toContain('Глава Республики призвал жителей');
    expect(result.selectors).toMatchObject({ items: 'article.card', itemTitle: 'h3.card__title', date: 'time' });
  });

  it('Ukrainian relative dates ("Сьогодні", "Вчора") are read against today', () => {
    const result = readListing(fixture('ua-dates.html'), BASE, { timezone: 'Europe/Kyiv' }, NOW);
    expect(result.items.map((i) => i.published)).toEqual([
      '2022-02-18T12:30:00.000Z', '2022-02-18T07:05:00.000Z', '2022-02-17T20:40:00.000Z', '2022-02-17T16:15:00.000Z',
    ]);
    expect(result.items[2]!.title).toBe('Павло Кириленко звернувся до мешканців області');
    expect(paths(result.items)).not.toContain('/news/polityka-konfidentsiinosti-saitu-1');
  });

  it('the selectors it suggests read the same items when written into the source', () => {
    for (const name of ['dated-list.html', 'cards.html', 'ua-dates.html']) {
      const found = readListing(fixture(name), BASE, {}, NOW);
      const pinned = readListing(fixture(name), BASE, found.selectors!, NOW);
      expect(pinned.mode).toBe('selectors');
      expect(pinned.items, name).toEqual(found.items);
    }
  });

  it('a page without a listing (an article, a menu only) gives no items and no selectors', () => {
    const menuOnly = '<html><body><nav><a href="/a/2022/02/18/1.html">Раз два три четыре пять</a></nav><p>Текст</p></body></html>';
    expect(readListing(menuOnly, BASE, {}, NOW)).toMatchObject({ items: [], selectors: null });
    expect(readListing('', BASE, {}, NOW).items).toEqual([]);
  });

  it('links to other sites are not the listing', () => {
    const foreign = fixture('dated-list.html').replaceAll('href="/', 'href="https://elsewhere.example/');
    expect(readListing(foreign, BASE, {}, NOW).items).toEqual([]);
  });
});

describe("a source's own selectors", () => {
  it('items, link, itemTitle, date and dateFormat (Moscow time) pick what the source says', () => {
    const spec = { items: '.news-item', link: 'a.news-link', itemTitle: 'a.news-link', date: '.news-date', dateFormat: 'DD.MM.YYYY HH:mm', timezone: 'Europe/Moscow' };
    const result = readListing(fixture('dated-list.html'), BASE, spec, NOW);
    expect(result.mode).toBe('selectors');
    expect(result.items).toHaveLength(6);
    expect(result.items[0]).toMatchObject({ link: 'https://news.example/official/2022/02/18/84512.html', published: '2022-02-18T13:30:00.000Z' });
  });

  it('a written date with a month name, by format', () => {
    const item = (n: number, when: string) => `<div class="lenta-item"><a href="/news/${n}.html">Новость номер ${n} о событиях в Донбассе</a><span class="when">${when}</span></div>`;
    const html = `<html><body>${item(1, 'Опубликовано: 18 февраля 2022 | 16:30')}${item(2, 'Опубликовано: 3 мар. 2022 | 09:05')}</body></html>`;
    const result = readListing(html, BASE, { items: '.lenta-item', date: '.when', dateFormat: 'D MMMM YYYY | HH:mm', timezone: 'Europe/Moscow' }, NOW);
    expect(result.items.map((i) => i.published)).toEqual(['2022-02-18T13:30:00.000Z', '2022-03-03T06:05:00.000Z']);
  });

  it('a selector that matches nothing gives no items', () => {
    expect(readListing(fixture('dated-list.html'), BASE, { items: 'div.news-card' }, NOW).items).toEqual([]);
  });

  it('a windows-1251 page (charset in <meta>) is decoded before reading', () => {
    const html = fixture('dated-list.html').replace('<meta charset="utf-8">', '<meta charset="windows-1251">');
    const result = readListingBytes(iconv.encode(html, 'win1251'), { url: BASE, contentType: 'text/html' }, {}, NOW);
    expect(result.items[0]!.title).toBe('Глава ДНР Денис Пушилин объявил о централизованной эвакуации населения в Россию');
  });

  it('<base href> resolves relative links', () => {
    const html = fixture('ua-dates.html').replace('<head>', '<head><base href="https://oblast.example/uk/">').replaceAll('href="/news/', 'href="news/');
    const result = readListing(html, BASE, { items: 'ul.news > li' }, NOW);
    expect(result.items[0]!.link).toBe('https://oblast.example/uk/news/evakuatsiia-zhyteliv-volnovakhy-tryvaie-211');
  });
});

describe('listing dates', () => {
  const read = (text: string, timezone?: string, format?: string) => parseListingDate(text, { now: NOW, timezone, format });
  it.each([
    ['2022-02-18T16:30:00+03:00', undefined, '2022-02-18T13:30:00.000Z'],
    ['18.02.2022 16:30', 'Europe/Moscow', '2022-02-18T13:30:00.000Z'],
    ['18.02.22', undefined, '2022-02-18T00:00:00.000Z'],
    ['18 февраля 2022, 16:30', 'Europe/Kyiv', '2022-02-18T14:30:00.000Z'],
    ['17 лютого, 18:15', 'Europe/Kyiv', '2022-02-17T16:15:00.000Z'],
    ['Сегодня, 14:30', 'Europe/Moscow', '2022-02-18T11:30:00.000Z'],
    ['вчора 09:15', 'Europe/Kyiv', '2022-02-17T07:15:00.000Z'],
    ['Yesterday 23:50', undefined, '2022-02-17T23:50:00.000Z'],
    ['21:05', 'UTC', '2022-02-18T21:05:00.000Z'],
    // Summer time: Kyiv is UTC+3 in July.
    ['1 июля 2021 12:00', 'Europe/Kyiv', '2021-07-01T09:00:00.000Z'],
    ['31.02.2022', undefined, null],
    ['Читать далее', undefined, null],
  ])('%s (%s)', (text, zone, want) => expect(read(text, zone)).toBe(want));
  it('a year-less date in the future is last year\'s', () => expect(read('25 декабря')).toBe('2021-12-25T00:00:00.000Z'));
});

describe('selector-empty: a listing that stops matching', () => {
  const source = FeedSchema.parse({ id: 'dan', page: BASE, items: 'div.news-card' });
  const res = { body: new TextEncoder().encode(fixture('dated-list.html')), url: BASE, contentType: 'text/html; charset=utf-8' };

  it('the first empty poll is recorded, the second in a row is the error', () => {
    expect(readPageSource(source, res, 'ok', NOW)).toMatchObject({ empty: true, items: [] });
    let error: unknown;
    try {
      readPageSource(source, res, LISTING_EMPTY, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).kind).toBe('selector-empty');
    expect((error as FeedError).message).toContain('"div.news-card" matched nothing on 2 polls');
  });

  it('items found again: no error whatever came before', () => {
    const fixed = FeedSchema.parse({ id: 'dan', page: BASE, items: 'div.news-item' });
    expect(readPageSource(fixed, res, 'selector-empty', NOW).items).toHaveLength(6);
  });
});
