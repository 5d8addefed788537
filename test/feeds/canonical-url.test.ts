import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/feeds/index.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a/b?utm_source=x&b=2&a=1#frag', 'http://example.com/a/b?a=1&b=2'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['https://example.com/?utm_medium=rss&utm_campaign=feed', 'https://example.com/'],
    ['https://example.com/p?', 'https://example.com/p'],
    ['https://example.com/p?z=1&fbclid=abc&gclid=1&yclid=2&_openstat=x&mc_cid=1&mc_eid=2', 'https://example.com/p?z=1'],
    ['https://example.com/p?ref=tw&ref_src=twsrc&igshid=1&id=5', 'https://example.com/p?id=5'],
    ['https://example.com/p?b=2&a=1&b=1', 'https://example.com/p?a=1&b=2&b=1'],
    ['https://example.com/news/2024/article.html#comments', 'https://example.com/news/2024/article.html'],
    ['https://user:pw@EXAMPLE.com/x', 'https://example.com/x'],
    ['https://пример.рф/статья?utm_source=t', 'https://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F'],
    ['https://example.com/a/../b/./c', 'https://example.com/b/c'],
    ['  https://example.com/x  ', 'https://example.com/x'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each(['not a url', '/relative/path', 'ftp://example.com/file', 'javascript:alert(1)', 'mailto:a@b.c'])('%s -> null', (input) => {
    expect(canonicalUrl(input)).toBeNull();
  });
});
