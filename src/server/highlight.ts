/** Article text (and title) as HTML with every watchlist mention marked, everything escaped. */
import { html, type SafeHtml } from './html.js';
import type { Mention } from '../types.js';

const PARAGRAPH_BREAK = /\n\s*\n/;

/**
 * Mark each mention (offsets into `text`) with <mark>; overlapping mentions keep the first (longest at
 * a position), and a mention that crosses a paragraph break is left unmarked.
 */
export function highlightText(text: string, mentions: readonly Mention[]): SafeHtml {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const paragraphs: SafeHtml[][] = [[]];
  let cursor = 0;
  const pushText = (slice: string) => {
    const parts = slice.split(PARAGRAPH_BREAK);
    parts.forEach((part, i) => {
      if (i > 0) paragraphs.push([]);
      if (part) paragraphs[paragraphs.length - 1]!.push(html`${part}`);
    });
  };
  for (const mention of sorted) {
    if (mention.start < cursor || mention.end > text.length || mention.end <= mention.start) continue;
    const surface = text.slice(mention.start, mention.end);
    if (PARAGRAPH_BREAK.test(surface)) continue;
    pushText(text.slice(cursor, mention.start));
    paragraphs[paragraphs.length - 1]!.push(html`<mark title="${mention.entity}" data-entity="${mention.entity}">${surface}</mark>`);
    cursor = mention.end;
  }
  pushText(text.slice(cursor));
  return html`${paragraphs.filter((p) => p.length > 0).map((p) => html`<p>${p}</p>\n`)}`;
}

/** The mentions whose offsets point into `field` (a mention without a field is in the body). */
export function mentionsIn(mentions: readonly Mention[], field: 'title' | 'body'): Mention[] {
  return mentions.filter((m) => (m.field ?? 'body') === field);
}

/** One line (a title) with each mention marked; overlapping or out-of-range mentions are skipped. */
export function highlightLine(text: string, mentions: readonly Mention[]): SafeHtml {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: SafeHtml[] = [];
  let cursor = 0;
  for (const mention of sorted) {
    if (mention.start < cursor || mention.end > text.length || mention.end <= mention.start) continue;
    parts.push(html`${text.slice(cursor, mention.start)}<mark title="${mention.entity}" data-entity="${mention.entity}">${text.slice(mention.start, mention.end)}</mark>`);
    cursor = mention.end;
  }
  parts.push(html`${text.slice(cursor)}`);
  return html`${parts}`;
}
