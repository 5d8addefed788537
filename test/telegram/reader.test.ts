/**
 * The Telegram preview reader on the project's own hand-written pages (test/fixtures/telegram/): every
 * post kind of the 2023 markup, the 2026 variants (reordered tokens, no wrap element, views inside the
 * meta, reactions, blockquotes), and the contact page of a missing channel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMedia, isArticlePost, parseTelegramPage, parseViews, TelegramError, type TelegramPost } from '../../src/sources/telegram.js';
import { emojiFromImage } from '../../src/sources/telegram-text.js';
import { REPO_ROOT } from '../helpers/paths.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/telegram');
const page = (name: string) => parseTelegramPage(readFileSync(join(FIXTURES, name), 'utf8'));

type Expect = Partial<Omit<TelegramPost, 'channel' | 'link' | 'id'>> & { article?: boolean };

const KINDS_2023: [string, Expect][] = [
  ['dwatch_test/120', { service: true, article: false, text: 'Channel created', views: null }],
  ['dwatch_test/121', { text: 'Morning summary\nShelling reported near Donetsk overnight.\n\nDetails: example.org & more', views: 999, media: [], published: '2023-03-01T09:15:00.000Z', article: true }],
  ['dwatch_test/122', { text: '⚡ Photo of the day 🇺🇦', views: 12_300, media: ['photo'] }],
  ['dwatch_test/123', { text: 'Album caption: the queue at the border crossing', views: 1_200_000, media: ['album', 'photo', 'video'] }],
  ['dwatch_test/125', { text: 'Video from the square', media: ['video'], views: 4_500 }],
  ['dwatch_test/126', { text: '', media: ['round-video'], article: false }],
  ['dwatch_test/127', { text: 'Voice note from the commander', media: ['voice'] }],
  ['dwatch_test/128', { text: 'The decree in full', media: ['document'] }],
  ['dwatch_test/129', { text: '', media: ['poll'], article: false, views: 5_000 }],
  ['dwatch_test/130', { text: '', media: ['sticker'], article: false }],
  ['dwatch_test/131', { text: 'Сирены в Донецке.', forwardedFrom: { name: 'ДНР Онлайн', url: 'https://t.me/dnronline/5555' }, views: 33_800 }],
  ['dwatch_test/132', { text: 'Eyewitness: trains leave every hour.', forwardedFrom: { name: 'Ivan P.', url: null } }],
  ['dwatch_test/133', { text: 'Update: it has stopped.', replyTo: 'dwatch_test/121', forwardedFrom: null }],
  ['dwatch_test/134', { text: 'Read the full report here', media: ['link-preview'], edited: true }],
  ['dwatch_test/135', { service: true, article: false }],
  ['dwatch_test/136', { text: 'A post with media the web cannot show', media: ['unsupported'] }],
];

const KINDS_2026: [string, Expect][] = [
  ['dpr_test26/300', { text: '❗Обращение Главы ДНР\nЦитата из обращения\nТекст после цитаты, скрытая часть.\nкод 42', views: 21_400, edited: true, author: 'Пресс-секретарь', published: '2026-02-18T17:45:00.000Z' }],
  ['dpr_test26/301', { text: 'Колонна автобусов у здания администрации', media: ['album', 'photo'], views: 1_200 }],
  ['dpr_test26/303', { text: 'Ответ на сообщение', replyTo: 'other_chan/55', forwardedFrom: { name: 'Минобороны России', url: 'https://t.me/mod_russia/41234' } }],
  ['dpr_test26/304', { text: 'Карта пунктов сбора', media: ['location', 'link-preview'], views: 2_050_000 }],
  ['dpr_test26/305', { text: '', media: ['sticker'], article: false }],
  ['dpr_test26/306', { text: 'Аудиозапись обращения', media: ['audio'], views: null, edited: false }],
];

function check(posts: TelegramPost[], guid: string, want: Expect): void {
  const post = posts.find((p) => p.guid === guid);
  expect(post, guid).toBeDefined();
  const { article, ...fields } = want;
  expect(post).toMatchObject(fields);
  expect(post!.link).toBe(`https://t.me/${guid}`);
  if (article !== undefined) expect(isArticlePost(post!), `${guid} is an article`).toBe(article);
}

describe('telegram reader: 2023 markup, every post kind', () => {
  const parsed = page('kinds-2023.html');
  it('reads the channel header and the next-older id', () => {
    expect(parsed).toMatchObject({ title: 'Donbas Watch & Test', username: 'dwatch_test', before: 120 });
    expect(parsed.posts.map((p) => p.id)).toEqual([120, 121, 122, 123, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136]);
  });
  it.each(KINDS_2023)('%s', (guid, want) => check(parsed.posts, guid, want));
  it('keeps the link preview apart from the text, and it is not media of the post', () => {
    const post = parsed.posts.find((p) => p.id === 134)!;
    expect(post.linkPreview).toEqual({ url: 'https://news.example.org/report', siteName: 'Example News', title: 'Full report on the evacuation', description: 'Everything we know so far.' });
    expect(hasMedia(post)).toBe(false);
    expect(hasMedia(parsed.posts.find((p) => p.id === 136)!)).toBe(true);
  });
});

describe('telegram reader: 2026 markup variants', () => {
  const parsed = page('kinds-2026.html');
  it('reads the header and before with reordered class tokens', () => {
    expect(parsed).toMatchObject({ title: 'Пресс-служба ДНР (тест)', username: 'dpr_test26', before: 300 });
    expect(parsed.posts).toHaveLength(6);
  });
  it.each(KINDS_2026)('%s', (guid, want) => check(parsed.posts, guid, want));
  it('leaves reactions, inline buttons and the forward author out of the text', () => {
    const text = parsed.posts.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/5\.4K|👍|Подробнее|Пресс-служба\)/);
  });
});

describe('telegram reader: pages that are not channels', () => {
  it('a missing channel (contact page, no history) is not-found, naming the username', () => {
    const html = readFileSync(join(FIXTURES, 'not-found.html'), 'utf8');
    expect(() => parseTelegramPage(html, { username: 'no_such_channel_test' })).toThrow(TelegramError);
    try {
      parseTelegramPage(html, { username: 'no_such_channel_test' });
    } catch (error) {
      expect(error).toMatchObject({ kind: 'not-found' });
      expect((error as Error).message).toMatch(/^telegram: @no_such_channel_test: no public channel preview/);
    }
  });
  it.each([['', 'empty'], ['<html><body><p>hello</p></body></html>', 'an unrelated page'], ['<div class="tgme_widget_message" data-post="x/1">', 'a bare message']])(
    'refuses %j (%s) as not-found without crashing',
    (html) => expect(() => parseTelegramPage(html)).toThrow(/no public channel preview/),
  );
  it('an empty channel history is a channel with no posts and no older page', () => {
    expect(parseTelegramPage('<section class="tgme_channel_history"></section>')).toEqual({ title: null, username: null, before: null, posts: [] });
  });
});

describe('telegram reader: small parts', () => {
  it.each([
    ['999', 999], ['12.3K', 12_300], ['33.8K', 33_800], ['1.2M', 1_200_000], ['2.05M', 2_050_000], ['1,2K', 1_200],
    ['1,234', 1_234], ['5K views', 5_000], ['0', 0], ['', null], ['views', null],
  ] as const)('views %j -> %j', (shown, want) => expect(parseViews(shown)).toBe(want));
  it.each([
    ["background-image:url('//telegram.org/img/emoji/40/F09F92AA.png')", '💪'],
    ["background-image:url('//telegram.org/img/emoji/40/F09F87BAF09F87A6.png')", '🇺🇦'],
    ['background-image:url(x.png)', ''],
    ["background-image:url('/emoji/FF.png')", ''],
  ])('emoji image %s -> %j', (style, want) => expect(emojiFromImage(style)).toBe(want));
  it('a damaged post reference keeps its channel but never becomes an article', () => {
    const parsed = parseTelegramPage('<section class="tgme_channel_history"><div class="tgme_widget_message" data-post="chan_x/"><div class="tgme_widget_message_text">hi</div></div></section>');
    expect(parsed.posts[0]).toMatchObject({ guid: 'chan_x/', id: null, text: 'hi' });
    expect(isArticlePost(parsed.posts[0]!)).toBe(false);
  });
});
