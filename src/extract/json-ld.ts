/**
 * Reads article facts from JSON-LD blocks: headline, authors, dates, publisher. Walks the parsed
 * JSON iteratively (depth-capped) and prefers Article-like objects over WebPage-like ones.
 */
import { parseMachineDate } from './dates.js';

const ARTICLE_TYPE = /article|posting|report|review|recipe|creativework/i;
const PAGE_TYPE = /webpage|itempage|aboutpage/i;
const MAX_NODES = 2000;
const MAX_DEPTH = 12;

/** Facts found in JSON-LD. */
export interface JsonLdFacts {
  headline: string | null;
  authors: string[];
  published: string | null;
  modified: string | null;
  siteName: string | null;
  /** The longest articleBody of an article-like object, whitespace kept. */
  articleBody: string | null;
}

type Json = Record<string, unknown>;

/** Parses every JSON-LD text and merges what the best article-like object says. */
export function readJsonLd(texts: string[]): JsonLdFacts {
  const out: JsonLdFacts = { headline: null, authors: [], published: null, modified: null, siteName: null, articleBody: null };
  const objects = texts.flatMap(parseLoose).flatMap(objectsOf);
  const ranked = [
    ...objects.filter((o) => ARTICLE_TYPE.test(typeOf(o))),
    ...objects.filter((o) => PAGE_TYPE.test(typeOf(o))),
  ];
  for (const o of ranked) {
    out.headline ??= str(o['headline']) ?? (ARTICLE_TYPE.test(typeOf(o)) ? str(o['name']) : null);
    if (out.authors.length === 0) out.authors = names(o['author'] ?? o['creator']);
    out.published ??= parseMachineDate(str(o['datePublished']) ?? str(o['dateCreated']));
    out.modified ??= parseMachineDate(str(o['dateModified']));
    out.siteName ??= names(o['publisher'])[0] ?? null;
    const body = o['articleBody'];
    if (typeof body === 'string' && body.length > (out.articleBody?.length ?? 0)) out.articleBody = body;
  }
  const site = objects.find((o) => /^(?:website|organization|newsmediaorganization)$/i.test(typeOf(o)));
  if (site) out.siteName ??= str(site['name']);
  return out;
}

function parseLoose(text: string): unknown[] {
  const t = text.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/^\/\/.*$/gm, '');
  try {
    return [JSON.parse(t)];
  } catch {
    try {
      // Common breakage: raw newlines / tabs inside strings.
      return [JSON.parse(t.replace(/[\n\r\t]+/g, ' '))];
    } catch {
      return [];
    }
  }
}

/** All objects in the JSON tree (arrays and @graph flattened), breadth-first, bounded. */
function objectsOf(root: unknown): Json[] {
  const out: Json[] = [];
  const queue: [unknown, number][] = [[root, 0]];
  for (let i = 0; i < queue.length && i < MAX_NODES; i++) {
    const [v, depth] = queue[i]!;
    if (depth > MAX_DEPTH || v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) queue.push([x, depth + 1]);
      continue;
    }
    const o = v as Json;
    out.push(o);
    if (Array.isArray(o['@graph'])) queue.push([o['@graph'], depth + 1]);
    if (o['mainEntity'] && typeof o['mainEntity'] === 'object') queue.push([o['mainEntity'], depth + 1]);
  }
  return out;
}

function typeOf(o: Json): string {
  const t = o['@type'];
  return Array.isArray(t) ? t.join(' ') : typeof t === 'string' ? t : '';
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim() || null;
  if (Array.isArray(v) && typeof v[0] === 'string') return str(v[0]);
  return null;
}

function names(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  const out: string[] = [];
  for (const x of list) {
    const n = typeof x === 'string' ? str(x) : x && typeof x === 'object' ? str((x as Json)['name']) : null;
    if (n && !/^https?:/.test(n)) out.push(n);
  }
  return out;
}
