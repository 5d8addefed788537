/**
 * A digest as Markdown (files, previews) and as plain text (the text part of an email). Every string
 * from an article is escaped for Markdown, so a title cannot inject links, HTML or formatting.
 */
import type { Digest, DigestRising, DigestStory } from './digest.js';
import { renderSnippet } from './snippets.js';
import { zoneLabel } from './time.js';
import { spikeWords } from '../trends/words.js';

const MD_SPECIAL = /[\\`*_[\]<>|~]/g;
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** Escape text for Markdown: every character with a meaning gets a backslash. */
export function escapeMarkdown(text: string): string {
  return text.replace(MD_SPECIAL, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

/** "Russian (ru)" for a language code; "" for English, which needs no label. */
export function languageLabel(lang: string): string {
  if (lang === 'en') return '';
  let name = lang;
  try {
    name = LANGUAGE_NAMES.of(lang) ?? lang;
  } catch {
    // an odd code ('und'): show it as it is
  }
  return `${name} (${lang})`;
}

export function countsLine(digest: Digest): string {
  const c = digest.counts;
  const onArticles = `on ${c.articles} article${c.articles === 1 ? '' : 's'} from ${c.feeds} feed${c.feeds === 1 ? '' : 's'}, in ${c.stories} stor${c.stories === 1 ? 'y' : 'ies'}`;
  const r = digest.rising.length;
  if (r === 0) return `${c.alerts} alert${c.alerts === 1 ? '' : 's'} ${onArticles}`;
  return `${c.alerts} alert${c.alerts === 1 ? '' : 's'}: ${r} rising, ${c.alerts - r} ${onArticles}`;
}

/** "Left out by the subscription's filters: 3 (rule 2, language 1)", or "" when nothing was. */
export function leftOutLine(digest: Digest): string {
  const entries = Object.entries(digest.counts.leftOut).filter(([, n]) => n > 0);
  if (entries.length === 0) return '';
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `Left out by the subscription's filters: ${total} (${entries.map(([reason, n]) => `${reason} ${n}`).join(', ')})`;
}

type Flavour = 'md' | 'text';

/** "Denis Pushilin: 14 articles in the hour from 09:00 (usual 1.2), from 6 sources" — one line per spike. */
export function risingLine(r: DigestRising, zone: string): string {
  return spikeWords(r, r.bucket === 'hour' ? `in the hour from ${r.localTime} ${zone}` : `on ${r.localTime.slice(0, 10)}`);
}

function risingLines(digest: Digest, zone: string, flavour: Flavour): string[] {
  if (digest.rising.length === 0) return [];
  const esc = flavour === 'md' ? escapeMarkdown : (s: string) => s.replace(/\s+/g, ' ');
  const lines = [flavour === 'md' ? '## Rising' : 'RISING', ''];
  for (const r of digest.rising) {
    const what = flavour === 'md' ? `**[${esc(r.what)}](<${r.link.replace(/[<>\s]/g, encodeURIComponent)}>)**` : `${r.what}`;
    lines.push(`- ${what}: ${risingLine(r, zone)} — ${esc(r.rule)}${flavour === 'text' ? ` ${r.link}` : ''}`);
  }
  return [...lines, ''];
}

/** "Rules: donbas-evacuation (2 alerts): Evacuations in Donbas; false-flag". */
export function rulesLine(story: DigestStory, esc: (s: string) => string): string {
  const rules = story.rules.map((r) => `${esc(r.rule)}${r.alerts > 1 ? ` (${r.alerts} alerts)` : ''}${r.description ? `: ${esc(r.description)}` : ''}`);
  return `Rule${rules.length === 1 ? '' : 's'}: ${rules.join('; ')}`;
}

function storyLines(story: DigestStory, index: number, zone: string, flavour: Flavour): string[] {
  const esc = flavour === 'md' ? escapeMarkdown : (s: string) => s.replace(/\s+/g, ' ');
  const lang = languageLabel(story.lang);
  // Markdown marks the headline's evidence; plain text keeps the title as it was written.
  const title = flavour === 'md' ? renderSnippet({ text: story.title, marks: story.titleMarks }, esc, (s) => `**${s}**`) : esc(story.title);
  const heading = `${index}. ${title}${lang ? ` — in ${lang}` : ''}`;
  const outlets = story.articles.map((a) => {
    const where = flavour === 'md' && a.url ? `[${esc(a.outlet)}](<${a.url.replace(/[<>\s]/g, encodeURIComponent)}>)` : esc(a.outlet);
    const label = a.affiliation ? ` [${esc(a.affiliation)}]` : '';
    return `${where}${label} (${a.lang}, ${a.localTime})${flavour === 'text' && a.url ? ` ${a.url}` : ''} — ${a.rules.map(esc).join(', ')}`;
  });
  const lines = [
    flavour === 'md' ? `### ${heading}` : heading,
    '',
    `- ${rulesLine(story, esc)}`,
    `- Earliest: ${story.earliestLocal} ${zone}`,
    `- ${story.articles.length > 1 ? `${story.articles.length} outlets` : 'Outlet'}: ${outlets.join('; ')}`,
    `- Entities: ${story.entities.map(esc).join(', ') || '—'}${story.moreEntities ? ` (+${story.moreEntities} more)` : ''}`,
  ];
  for (const snippet of story.snippets) {
    lines.push('', flavour === 'md' ? `> ${renderSnippet(snippet, escapeMarkdown, (s) => `**${s}**`)}` : `  “${renderSnippet(snippet, (s) => s, (s) => `*${s}*`)}”`);
  }
  return [...lines, ''];
}

function render(digest: Digest, flavour: Flavour): string {
  const zone = zoneLabel(digest.timeZone);
  const esc = flavour === 'md' ? escapeMarkdown : (s: string) => s;
  const lines: string[] = [
    flavour === 'md' ? `# ${esc(digest.subject)}` : digest.subject,
    '',
    `Subscription: ${esc(digest.subscription.name)} (${digest.subscription.id}) · ${countsLine(digest)} · times in ${zone} (${digest.timeZone})`,
  ];
  const leftOut = leftOutLine(digest);
  if (leftOut) lines.push('', leftOut);
  lines.push('');
  lines.push(...risingLines(digest, zone, flavour));
  if (digest.stories.length === 0 && digest.rising.length === 0) lines.push('No new alerts.', '');
  digest.stories.forEach((story, i) => lines.push(...storyLines(story, i + 1, zone, flavour)));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The digest as Markdown. */
export function renderMarkdown(digest: Digest): string {
  return render(digest, 'md');
}

/** The digest as plain text (an email's text part, `digest preview --format text`). */
export function renderText(digest: Digest): string {
  return render(digest, 'text');
}
