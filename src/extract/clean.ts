/**
 * Block-level cleaning of the chosen body: drops interface text, "read also" lines, legal notices,
 * calls to action and cookie notices, in the monitored languages. The phrases are per-language lists in
 * data/phrases.yaml; the regexes below are compiled from them once, when this module loads.
 */
import type { Block } from './blocks.js';
import { alternation } from './phrases.js';

/** Non-<p> blocks more linked than this are link lists, not text. */
const MAX_LINK_DENSITY = 0.5;
/** Short blocks that are interface text, not article text. */
const UI_TEXT = new RegExp(String.raw`^[-–—(\s]*${alternation('ui_text')}`, 'i');
const UI_TEXT_MAX_CHARS = 80;
/** Copyright lines of a footer that slipped through. */
const COPYRIGHT = new RegExp(String.raw`©|\(c\) \d{4}|${alternation('rights_reserved')}|${alternation('rights_reserved_short')}`, 'i');
const COPYRIGHT_MAX_CHARS = 200;
/** A longer block is a legal notice when its opening says so. */
const COPYRIGHT_PREFIX_CHARS = 100;
/** Newsletter pitches, author boxes, tables of contents, anywhere in a short block. */
const CALL_TO_ACTION = new RegExp(alternation('call_to_action'), 'i');
const CALL_TO_ACTION_MAX_CHARS = 250;
/** "Read also: <other story>" lines, in the monitored languages. */
const READ_ALSO = new RegExp(
  String.raw`^[-–—•\s]*(?:${alternation('read_also_verbs')}(?: ${alternation('read_also_words')})?|${alternation('read_also_lines')})\s*:`,
  'i',
);
const READ_ALSO_MAX_CHARS = 200;
/** The post-meta line blogs print under an entry ("This entry was posted in ... by ..."), in many languages. */
const ENTRY_META = new RegExp(`^${alternation('entry_meta')}`, 'i');
/**
 * A dateline widget: a relative day or a date, a clock time, then perhaps a section label after a
 * separator («Сегодня, 15:33 • Новости региона», "Today, 09:12 | World", "18.02.2022, 15:33 · Политика").
 */
const DATELINE = new RegExp(
  String.raw`^(?:${alternation('relative_days')}[,\s]*(?:${alternation('clock_at')}\s+)?(?:\d{1,2}:\d{2})?|(?:(?:\p{L}+,?\s+)?(?:\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{1,2}\s+\p{L}+(?:\s+\d{4})?|\d{4}-\d{2}-\d{2})[,\s]+(?:${alternation('clock_at')}\s+)?)?\d{1,2}:\d{2})\s*(?:[•|·—–/]\s*[^.!?]{0,50})?$`,
  'iu',
);
const DATELINE_MAX_CHARS = 80;
/** A short block without a letter outside tables and lists: a lone time, date or counter. */
const NO_WORDS_MAX_CHARS = 25;
const LETTER = /\p{L}/u;
const TABLE_OR_LIST = new Set(['td', 'th', 'li', 'dd', 'dt', 'pre']);
/** A PHP error the page printed ("Warning: ... in /var/www/x.php on line 12"). */
const PHP_WARNING = /^(?:warning|notice|deprecated|fatal error|parse error|strict standards): .{0,400} on line \d+/i;
/** A short licence line ("published under CC BY-NC-ND 4.0") is the site's legal text. */
const LICENCE = /\bCC[- ]BY\b|creative commons/i;
const LICENCE_WORDS = new RegExp(alternation('licence_words'), 'i');
const LEGAL_MAX_CHARS = 250;
/** A cookie notice names cookies and asks for consent. */
const COOKIE = /cookie/i;
const CONSENT = new RegExp(alternation('consent'), 'i');

/** Drops a repeated title, link lists, interface text and notices from the body's blocks. */
export function cleanBlocks(blocks: Block[], title: string | null): Block[] {
  const t = title?.toLowerCase();
  return blocks.map(withoutLegalLines).filter((b): b is Block => {
    if (!b) return false;
    const len = b.text.length;
    if (b.el.name === 'h1') return false;
    if (t && len < 300 && b.text.toLowerCase() === t) return false;
    if (b.el.name !== 'p' && b.linkChars / len > MAX_LINK_DENSITY) return false;
    if (len <= UI_TEXT_MAX_CHARS && UI_TEXT.test(b.text)) return false;
    if (len <= NO_WORDS_MAX_CHARS && !LETTER.test(b.text) && !TABLE_OR_LIST.has(b.el.name)) return false;
    if (len <= DATELINE_MAX_CHARS && DATELINE.test(b.text) && !TABLE_OR_LIST.has(b.el.name)) return false;
    if (PHP_WARNING.test(b.text)) return false;
    if (len <= READ_ALSO_MAX_CHARS && READ_ALSO.test(b.text)) return false;
    if (COPYRIGHT.test(len <= COPYRIGHT_MAX_CHARS ? b.text : b.text.slice(0, COPYRIGHT_PREFIX_CHARS))) return false;
    if (len <= CALL_TO_ACTION_MAX_CHARS && (CALL_TO_ACTION.test(b.text) || (COOKIE.test(b.text) && CONSENT.test(b.text)))) return false;
    return true;
  });
}

/** A block without its entry-meta and licence lines (a <br>-joined block may hold them with text); null if nothing is left. */
function withoutLegalLines(b: Block): Block | null {
  const legal = (line: string): boolean => line.length <= LEGAL_MAX_CHARS && (ENTRY_META.test(line) || (LICENCE.test(line) && LICENCE_WORDS.test(line)));
  if (!b.text.includes('\n')) return legal(b.text) ? null : b;
  const lines = b.text.split('\n');
  const kept = lines.filter((l) => !legal(l));
  if (kept.length === lines.length) return b;
  if (kept.length === 0) return null;
  const text = kept.join('\n');
  return { ...b, text, linkChars: Math.min(b.linkChars, text.length) };
}
