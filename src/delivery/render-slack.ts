/**
 * A digest as Slack/Mattermost message text (mrkdwn): bold headings, <url|outlet> links, quoted
 * snippets with the matched forms in bold. Article text is escaped (&, <, >) so it cannot make links
 * or mentions.
 */
import type { Digest } from './digest.js';
import { countsLine, languageLabel, leftOutLine, risingLine } from './render-text.js';
import { renderSnippet } from './snippets.js';
import { zoneLabel } from './time.js';

/** Escape for Slack mrkdwn; formatting characters are stripped of meaning by a zero-width joiner. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([*_~`])/g, '$1\u200b').replace(/\s+/g, ' ');
}

export function renderSlack(digest: Digest): string {
  const zone = zoneLabel(digest.timeZone);
  const lines = [`*${escapeSlack(digest.subject)}*`, `${countsLine(digest)} · times in ${zone}`];
  const leftOut = leftOutLine(digest);
  if (leftOut) lines.push(`_${escapeSlack(leftOut)}_`);
  if (digest.rising.length) {
    lines.push('', '*Rising*');
    for (const r of digest.rising) {
      const what = /^https?:/.test(r.link) ? `<${r.link.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeSlack(r.what)}>` : escapeSlack(r.what);
      lines.push(`• *${what}*: ${escapeSlack(risingLine(r, zone))} (${escapeSlack(r.rule)})`);
    }
  }
  if (digest.stories.length) lines.push('');
  {
    for (const story of digest.stories) {
      const lang = languageLabel(story.lang);
      const outlets = story.articles.map((a) => {
        const name = a.url && /^https?:/.test(a.url) ? `<${a.url.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeSlack(a.outlet)}>` : escapeSlack(a.outlet);
        return `${a.affiliation ? `${name} [${escapeSlack(a.affiliation)}]` : name} (${escapeSlack(a.rules.join(', '))})`;
      });
      lines.push(`• *${renderSnippet({ text: story.title, marks: story.titleMarks }, escapeSlack, (s) => `_${s}_`)}*${lang ? ` (${lang})` : ''} — ${story.earliestLocal} ${zone} — ${outlets.join(', ')}`);
      if (story.entities.length) lines.push(`   ${escapeSlack(story.entities.join(', '))}`);
      for (const snippet of story.snippets) lines.push(`> ${renderSnippet(snippet, escapeSlack, (s) => `*${s}*`)}`);
    }
  }
  return lines.join('\n');
}
