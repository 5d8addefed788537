/** OPML in and out: the feed-list format every feed reader speaks. */
import * as cheerio from 'cheerio';
import type { FeedConfig } from './schema.js';

export interface OpmlFeed {
  url: string;
  title: string | null;
  /** The outline folders the feed sits in, outermost first. */
  categories: string[];
}

/** Every outline with an xmlUrl, at any depth; folders become categories. */
export function parseOpml(text: string): OpmlFeed[] {
  const $ = cheerio.load(text, { xml: true });
  if ($('opml').length === 0) throw new Error('opml: not an OPML document (no <opml> root)');
  const feeds: OpmlFeed[] = [];
  $('outline').each((_, element) => {
    const outline = $(element);
    const url = outline.attr('xmlUrl') ?? outline.attr('xmlurl');
    if (!url) return;
    const categories = outline
      .parents('outline')
      .toArray()
      .reverse()
      .map((parent) => $(parent).attr('title') ?? $(parent).attr('text') ?? '')
      .filter(Boolean);
    feeds.push({ url: url.trim(), title: outline.attr('title') ?? outline.attr('text') ?? null, categories });
  });
  return feeds;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function toOpml(feeds: FeedConfig[], title = 'mediamon feeds'): string {
  const outlines = feeds.map((f) => {
    const name = escapeXml(f.title ?? f.id);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(f.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title><dateCreated>${new Date().toUTCString()}</dateCreated></head>`,
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
