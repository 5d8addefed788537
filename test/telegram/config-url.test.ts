/** Telegram channel references in config and on the command line, and what a post becomes as an article. */
import { describe, expect, it } from 'vitest';
import { FeedsFileSchema, SettingsSchema, sourceKind } from '../../src/settings/schema.js';
import { postTitle, telegramKey, textHash } from '../../src/sources/telegram-article.js';
import { looksLikeTelegramPage, telegramTarget } from '../../src/sources/telegram-check.js';
import { telegramPageUrl, telegramUsername } from '../../src/settings/telegram-url.js';

describe('telegram references', () => {
  it.each([
    ['https://t.me/dnronline', 'dnronline'],
    ['https://t.me/s/dnronline', 'dnronline'],
    ['t.me/s/dnronline?before=100', 'dnronline'],
    ['http://telegram.me/DNRonline/', 'DNRonline'],
    ['https://t.me/dnronline/12345', 'dnronline'],
    ['@dnr_online', 'dnr_online'],
    ['https://t.me/joinchat/AAAA', null],
    ['https://t.me/+AbCdEf', null],
    ['https://example.org/dnronline', null],
    ['@1abc', null],
    ['dnronline', null],
  ])('%s names %j', (input, want) => expect(telegramUsername(input)).toBe(want));

  it('finds the channel and ?before= of a URL under the configured base', () => {
    expect(telegramTarget('http://127.0.0.1:9/s/dnr_e2e?before=201', 'http://127.0.0.1:9/s/')).toEqual({ username: 'dnr_e2e', before: 201 });
    expect(telegramTarget('https://t.me/s/dnr_e2e', 'http://127.0.0.1:9/s/')).toEqual({ username: 'dnr_e2e', before: null });
    expect(telegramTarget('https://news.example/rss.xml', 'https://t.me/s/')).toBeNull();
    expect(telegramPageUrl('https://t.me/s', 'dnr', 5)).toBe('https://t.me/s/dnr?before=5');
  });

  it('tells a saved t.me page from a feed', () => {
    expect(looksLikeTelegramPage('<section class="tgme_channel_history js-message_history">')).toBe(true);
    expect(looksLikeTelegramPage('<?xml version="1.0"?><rss version="2.0"><channel><title>tgme_</title></channel></rss>')).toBe(false);
  });
});

describe('telegram sources in feeds.yaml and mediamon.yaml', () => {
  it('a { id, telegram } entry is a Telegram source whose url is its preview', () => {
    const file = FeedsFileSchema.parse({ feeds: [{ id: 'tg-dnr', telegram: '@DNRonline' }, { id: 'news', url: 'https://news.example/rss' }, { id: 'tg2', telegram: 'https://t.me/s/lnr_test' }] });
    expect(file.feeds[0]).toMatchObject({ id: 'tg-dnr', telegram: 'DNRonline', url: 'https://t.me/s/DNRonline', enabled: true });
    expect(file.feeds[2]).toMatchObject({ telegram: 'lnr_test', url: 'https://t.me/s/lnr_test' });
    expect(file.feeds.map(sourceKind)).toEqual(['telegram', 'feed', 'telegram']);
  });

  it('refuses a bad username, naming the key', () => {
    const result = FeedsFileSchema.safeParse({ feeds: [{ id: 'bad', telegram: 'no spaces please' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['feeds', 0, 'telegram'] });
  });

  it('has the defaults the README states', () => {
    expect(SettingsSchema.parse({}).telegram).toEqual({
      baseUrl: 'https://t.me/s/', backfillWindow: 86_400_000, backfillPages: 20, interval: 180_000, minInterval: 120_000, maxInterval: 300_000, requestGap: 1_000,
    });
  });
});

describe('a post as an article', () => {
  it('is keyed by lower-case channel and id, titled by its first line, hashed by its text', () => {
    expect(telegramKey({ channel: 'DNRonline', id: 42 })).toBe('telegram:dnronline/42');
    expect(postTitle('\n  Срочно: эвакуация  \nподробности')).toBe('Срочно: эвакуация');
    const long = postTitle(`${'слово '.repeat(40)}конец`);
    expect(long.length).toBeLessThanOrEqual(121);
    expect(long.endsWith('…')).toBe(true);
    expect(textHash('a')).not.toBe(textHash('a '));
    expect(textHash('a')).toBe(textHash('a'));
  });
});
