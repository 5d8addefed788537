/**
 * The generic body extractor: prune boilerplate, pick the body container(s), collect their
 * paragraphs, clean them, and fall back to whole-page paragraph collection when the pick is poor.
 */
import { collectBlocks, type Block } from './blocks.js';
import { cleanBlocks } from './clean.js';
import { isTeaser, selectBody } from './body.js';
import { alternation } from './phrases.js';
import { classAndId, isElement, rawText, walk, type AnyNode, type Element } from './dom.js';
import { pruneBoilerplate, textLengths } from './prune.js';

/** Below this many characters the chosen container is "poor" and whole-page collection may win. */
const POOR_BODY_CHARS = 250;
/** ...and so is one holding less than this share of the page's text-like blocks. */
const POOR_BODY_SHARE = 0.2;
/** Whole-page fallback keeps blocks at least this long with at most this link density. */
const FALLBACK_MIN_CHARS = 40;
const FALLBACK_MAX_LINK_DENSITY = 0.3;
/** Non-<p> blocks more linked than this are link lists, not text. */
const MAX_LINK_DENSITY = 0.5;
/** A short closing block still counts when it reads as a sentence (three words, final punctuation). */
const SENTENCE = /^\S+\s+\S+\s+\S.*[.!?…"“”»)]$/s;
/** Lines that end an article: view counters, tag lists, comment counters, print/share links. */
const END_MARKER = new RegExp(`^${alternation('end_marker')}`, 'i');
const END_MARKER_MAX_CHARS = 120;
/** A block opening with a date and a clock time, then text: an item of a dated list of stories. */
const DATED_ITEM = /^(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2})[,\s|:–-]+\d{1,2}:\d{2}(?::\d{2})?\s*[|:–-]*\s*\S/;
const DATED_ITEM_MAX_CHARS = 200;
const DATED_LIST_MIN_ITEMS = 3;
const END_MIN_BEFORE_CHARS = 300;
/** Classes of an article's lead paragraph. */
const LEAD_CLASS = /lead|intro|excerpt|teaser|vorspann|summary|standfirst|subtitle|subline|sub-?headline|subhead|deck|abstract|anriss|epigraph|bajada|entradilla|chapeau|chapo|zajawka/;
const LEAD_MAX_UP = 3;
const LIST_TAGS = new Set(['ul', 'ol', 'li']);
/** Bound on the ancestor walk when checking that a lead candidate does not wrap the body. */
const LEAD_CONTAINS_UP = 100;
const LEAD_MIN_LEAD_CHARS = 30;
const LEAD_MAX_CHARS = 1000;
/** A lead repeated in this many opening blocks of the body is left out. */
const LEAD_REPEAT_BLOCKS = 3;
/** A <noscript> with this much text is a fallback copy of content, not a notice. */
const NOSCRIPT_MIN_CHARS = 300;
/** The first this many characters of it tell whether the page repeats it outside the <noscript>. */
const NOSCRIPT_SAMPLE_CHARS = 60;
const SKIP_CHILDREN = new Set(['script', 'style', 'template', 'noscript', 'svg']);
/** Blocks shorter than these before the first / after the last substantial block are trimmed. */
const LEAD_MIN_CHARS = 30;
const TAIL_MIN_CHARS = 120;

/**
 * Extracts the body text of a (parsed) page; `title` is dropped from the body when repeated there.
 * `keepComments` keeps comment-classed elements (the second try on a page that yields almost nothing).
 */
export function extractBody(root: AnyNode, title: string | null, keepComments = false): string {
  return readBody(root, title, keepComments).text;
}

/**
 * {@link extractBody}, also telling whether comment-classed elements were judged (only then can a
 * second try with `keepComments` read anything else).
 */
export function readBody(root: AnyNode, title: string | null, keepComments = false): { text: string; commentClassed: boolean } {
  unwrapFallbackText(root);
  const commentClassed = pruneBoilerplate(root, textLengths(root), keepComments);
  const blocks = collectBlocks(root);
  const nodes = selectBody(blocks);
  const own = nodes.flatMap((n) => collectBlocks(n));
  let chosen = cleanBlocks([...newLead(leadBlocks(nodes), own), ...own], title);
  // Other stories' summaries (after their linked headlines) do not make the page's text look bigger.
  const all = cleanBlocks(blocks.filter((b, i) => isGoodBlock(b) && !isTeaser(blocks, i)), title);
  if ((chars(chosen) < POOR_BODY_CHARS || chars(chosen) < chars(all) * POOR_BODY_SHARE) && chars(all) > chars(chosen)) {
    chosen = all;
  }
  return { text: cutAtEnd(trimEdges(withoutDatedLists(chosen))).map((b) => b.text).join('\n\n'), commentClassed };
}

/**
 * Turns <noscript> elements that hold real text (a script-rendered body's fallback copy) into plain
 * containers, unless the page shows the same text outside them; short ones (tracking pixels,
 * "enable JavaScript") stay skipped.
 */
function unwrapFallbackText(root: AnyNode): void {
  const found: [Element, string][] = [];
  walk(root, (n) => {
    if (!isElement(n)) return n.type === 'root';
    if (n.name === 'noscript') {
      const text = rawText(n).replace(/\s+/g, ' ').trim();
      if (text.length >= NOSCRIPT_MIN_CHARS) found.push([n, text]);
    }
    return !SKIP_CHILDREN.has(n.name);
  });
  if (found.length === 0) return;
  const visible = collectBlocks(root).map((b) => b.text).join(' ').replace(/\s+/g, ' ');
  for (const [el, text] of found) if (!visible.includes(text.slice(0, NOSCRIPT_SAMPLE_CHARS))) el.name = 'div';
}

/**
 * Drops runs of short blocks that each open with a date and time ("03.11.2011 17:40 Headline"):
 * a list of other stories, not paragraphs.
 */
function withoutDatedLists(blocks: Block[]): Block[] {
  const dated = blocks.map((b) => b.text.length <= DATED_ITEM_MAX_CHARS && DATED_ITEM.test(b.text));
  const keep = dated.map((d) => !d);
  // One pass over each run of dated blocks: a run of DATED_LIST_MIN_ITEMS or more goes.
  for (let i = 0; i < blocks.length; ) {
    let end = i;
    while (end < blocks.length && dated[end]) end++;
    if (end > i && end - i < DATED_LIST_MIN_ITEMS) for (let k = i; k < end; k++) keep[k] = true;
    i = end > i ? end : i + 1;
  }
  return blocks.filter((_, i) => keep[i]);
}

/**
 * Cuts the body at an end-of-article marker ("Views: 123", "Tags:", "Comments (4)") once enough
 * text came before it: what follows is page furniture or other stories.
 */
function cutAtEnd(blocks: Block[]): Block[] {
  let before = 0;
  for (const [i, b] of blocks.entries()) {
    // A <br>-joined block counts by its first line ("Leave a comment *\n* We moderate...").
    const line = b.text.split('\n', 1)[0]!;
    if (before >= END_MIN_BEFORE_CHARS && line.length <= END_MARKER_MAX_CHARS && END_MARKER.test(line)) return blocks.slice(0, i);
    before += b.text.length;
  }
  return blocks;
}

/**
 * Drops runs of short blocks before the first and after the last substantial one: datelines,
 * "views: 123", calendar widgets and section labels cling to the edges of the body container.
 */
function trimEdges(blocks: Block[]): Block[] {
  const substantial = (b: Block, min: number): boolean => b.text.length >= min && b.linkChars / b.text.length <= MAX_LINK_DENSITY;
  const first = blocks.findIndex((b) => substantial(b, LEAD_MIN_CHARS));
  if (first < 0) return blocks;
  let last = blocks.length - 1;
  while (last > first && !substantial(blocks[last]!, TAIL_MIN_CHARS) && !SENTENCE.test(blocks[last]!.text)) last--;
  return blocks.slice(first, last + 1);
}

/**
 * The article's lead ("teaser", "Vorspann", excerpt) when it sits outside the chosen body nodes but
 * inside the same <article>, before them.
 */
function leadBlocks(nodes: Element[]): Block[] {
  const first = nodes[0];
  if (!first) return [];
  // Search ever wider ancestors, but only the part of each that comes before the body.
  let scope: Element | null = first.parent && isElement(first.parent) ? first.parent : null;
  for (let i = 0; scope && scope.name !== 'body' && i < LEAD_MAX_UP; i++) {
    const leads = leadsBefore(scope, first);
    if (leads.length > 0) {
      const blocks = leads.flatMap((l) => collectBlocks(l)).filter((b) => b.text.length >= LEAD_MIN_LEAD_CHARS && b.linkChars / b.text.length <= FALLBACK_MAX_LINK_DENSITY);
      return chars(blocks) <= LEAD_MAX_CHARS ? blocks : [];
    }
    scope = scope.parent && isElement(scope.parent) ? scope.parent : null;
  }
  return [];
}

/** The lead blocks the body does not repeat: many sites print the lead again as the first paragraph. */
function newLead(lead: Block[], body: Block[]): Block[] {
  if (lead.length === 0) return lead;
  const opening = body.slice(0, LEAD_REPEAT_BLOCKS).map((b) => b.text.toLowerCase());
  return lead.filter((b) => {
    const t = b.text.toLowerCase();
    return !opening.some((o) => o.includes(t) || (o.length >= LEAD_MIN_LEAD_CHARS && t.includes(o)));
  });
}

/** Every lead-like element (subtitle, lead, excerpt) in `scope` before the body's first node. */
function leadsBefore(scope: Element, first: Element): Element[] {
  const leads: Element[] = [];
  let passed = false;
  walk(scope, (n) => {
    if (passed || !isElement(n)) return false;
    if (n === first) {
      passed = true;
      return false;
    }
    // A summary inside a list item is another story's teaser, not this article's lead.
    if (LIST_TAGS.has(n.name)) return false;
    const ci = n === scope ? '' : classAndId(n);
    // An element with a lead-like class that holds the body itself is a wrapper, not the lead.
    if (ci && LEAD_CLASS.test(ci) && !contains(n, first)) {
      leads.push(n);
      return false;
    }
    return true;
  });
  return leads;
}

function contains(ancestor: Element, node: Element): boolean {
  for (let p: Element | null = node, i = 0; p && i < LEAD_CONTAINS_UP; p = p.parent && isElement(p.parent) ? p.parent : null, i++) {
    if (p === ancestor) return true;
  }
  return false;
}

/** Text of the given nodes, cleaned the same way (used by site rules). */
export function textOf(nodes: AnyNode[], title: string | null): string {
  return cleanBlocks(nodes.flatMap((n) => collectBlocks(n)), title).map((b) => b.text).join('\n\n');
}

function isGoodBlock(b: Block): boolean {
  return b.text.length >= FALLBACK_MIN_CHARS && b.linkChars / b.text.length <= FALLBACK_MAX_LINK_DENSITY;
}

function chars(blocks: Block[]): number {
  let n = 0;
  for (const b of blocks) n += b.text.length;
  return n;
}
