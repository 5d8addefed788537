/**
 * A digest as an HTML document (email HTML part, HTML files). Every string from an article is escaped:
 * a title like `<img src=x onerror=alert(1)>` is shown as text. Styles are inline (mail clients drop
 * <style> blocks). Links are only ever http(s).
 */
import type { Digest, DigestStory } from './digest.js';
import { countsLine, languageLabel, leftOutLine, risingLine, rulesLine } from './render-text.js';
import { renderSnippet } from './snippets.js';
import { zoneLabel } from './time.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** An http(s) URL, escaped for an attribute; anything else (javascript:, data:) becomes null. */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? escapeHtml(parsed.toString()) : null;
  } catch {
    return null;
  }
}

const MARK = (s: string) => `<mark style="background:#fff3a3">${s}</mark>`;

/** One story as an HTML fragment (also used by the Atom feed). */
export function storyHtml(story: DigestStory, zone: string): string {
  const lang = languageLabel(story.lang);
  const outlets = story.articles.map((a) => {
    const href = safeHref(a.url);
    const name = escapeHtml(a.outlet);
    const label = a.affiliation ? ` <span style="color:#555;border:1px solid #ccc;border-radius:3px;padding:0 3px;font-size:12px">${escapeHtml(a.affiliation)}</span>` : '';
    return `<li>${href ? `<a href="${href}">${name}</a>` : name}${label} <span style="color:#666">(${escapeHtml(a.lang)}, ${escapeHtml(a.localTime)})</span> — ${escapeHtml(a.rules.join(', '))}${a.title !== story.title ? `<br><small>${escapeHtml(a.title)}</small>` : ''}</li>`;
  });
  const snippets = story.snippets.map((s) => `<blockquote style="margin:6px 0;padding-left:8px;border-left:3px solid #ccc">${renderSnippet(s, escapeHtml, MARK)}</blockquote>`);
  return [
    `<h3 style="margin:14px 0 4px">${renderSnippet({ text: story.title, marks: story.titleMarks }, escapeHtml, MARK)}${lang ? ` <small style="color:#666">— in ${escapeHtml(lang)}</small>` : ''}</h3>`,
    `<p style="margin:2px 0">${rulesLine(story, escapeHtml)}</p>`,
    `<p style="margin:2px 0">Earliest: ${escapeHtml(story.earliestLocal)} ${escapeHtml(zone)} · Entities: ${escapeHtml(story.entities.join(', ') || '—')}${story.moreEntities ? ` (+${story.moreEntities} more)` : ''}</p>`,
    `<ul style="margin:2px 0">${outlets.join('')}</ul>`,
    ...snippets,
  ].join('\n');
}

/** The Rising section: one item per spike, linking to the page of what rose ('' when none). */
export function risingHtml(digest: Digest, zone: string): string {
  if (digest.rising.length === 0) return '';
  const items = digest.rising.map((r) => {
    const href = r.link.startsWith('/') ? escapeHtml(r.link) : safeHref(r.link);
    const what = href ? `<a href="${href}">${escapeHtml(r.what)}</a>` : escapeHtml(r.what);
    return `<li><strong>${what}</strong>: ${escapeHtml(risingLine(r, zone))} <span style="color:#666">— ${escapeHtml(r.rule)}</span></li>`;
  });
  return `<h2 style="font-size:17px;margin:14px 0 4px">Rising</h2>\n<ul style="margin:2px 0">${items.join('')}</ul>\n`;
}

/** The digest as a full HTML document. */
export function renderHtml(digest: Digest): string {
  const zone = zoneLabel(digest.timeZone);
  const leftOut = leftOutLine(digest);
  const stories = digest.stories.map((story) => storyHtml(story, zone));
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(digest.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:760px;margin:auto;color:#222">
<h1 style="font-size:20px">${escapeHtml(digest.subject)}</h1>
<p>Subscription: ${escapeHtml(digest.subscription.name)} (${escapeHtml(digest.subscription.id)}) · ${escapeHtml(countsLine(digest))} · times in ${escapeHtml(zone)} (${escapeHtml(digest.timeZone)})</p>
${leftOut ? `<p style="color:#666">${escapeHtml(leftOut)}</p>\n` : ''}${risingHtml(digest, zone)}${stories.join('\n') || (digest.rising.length ? '' : '<p>No new alerts.</p>')}
</body>
</html>
`;
}
