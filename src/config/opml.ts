/** OPML in and out: the feed-list format every feed reader speaks. */
import { Parser } from 'htmlparser2';
import type { FeedConfig } from '../settings/schema.js';

export interface OpmlFeed {
  url: string;
  title: string | null;
  /** The outline folders the feed sits in, outermost first. */
  categories: string[];
}

/**
 * Every outline with an xmlUrl, at any depth; folders become categories. Throws `opml: ...` for a
 * document that is not OPML, or that ends before its `</opml>` (a truncated download or copy).
 */
export function parseOpml(text: string): OpmlFeed[] {
  const feeds: OpmlFeed[] = [];
  /** Open elements: the outline title of each (null for other elements). */
  const open: (string | null)[] = [];
  let sawRoot = false;
  let closedRoot = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        if (tag === 'opml') sawRoot = true;
        const title = attrs.title ?? attrs.text ?? null;
        const url = attrs.xmlUrl ?? attrs.xmlurl;
        if (tag === 'outline' && url?.trim()) {
          feeds.push({ url: url.trim(), title: title?.trim() || null, categories: open.filter((t): t is string => Boolean(t)) });
        }
        open.push(tag === 'outline' ? (title?.trim() ?? '') : null);
      },
      onclosetag(name, isImplied) {
        open.pop();
        // A self-closing <opml/> would also count as implied; a real document closes its root itself.
        if (name.toLowerCase() === 'opml' && !isImplied) closedRoot = true;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(text);
  if (!sawRoot) throw new Error('opml: not an OPML document (no <opml> root)');
  if (!closedRoot) throw new Error('opml: the document ends before </opml> (truncated?)');
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
