/** JSON Feed 1.0 / 1.1 reader (https://jsonfeed.org/version/1.1). */
import { FeedError } from './errors.js';
import { toLength, type RawFeed, type RawItem } from './raw.js';

const VERSION_RE = /^https?:\/\/jsonfeed\.org\/version\/(\d+(?:\.\d+)?)\/?$/;

type Json = Record<string, unknown>;

/** Reads a parsed JSON value as a JSON Feed; throws FeedError when it is not one. */
export function readJsonFeed(doc: unknown): RawFeed {
  if (!isObject(doc)) throw new FeedError('not-a-feed', 'feeds: JSON document is not a JSON Feed (not an object)');
  const version = str(doc['version']);
  const m = version ? VERSION_RE.exec(version) : null;
  if (!m || !Array.isArray(doc['items'])) {
    if (m) throw new FeedError('malformed', 'feeds: JSON Feed without an items array');
    throw new FeedError('not-a-feed', 'feeds: JSON document is not a JSON Feed (no jsonfeed.org version)');
  }
  if (!m[1]!.startsWith('1')) throw new FeedError('unsupported', `feeds: unsupported JSON Feed version ${m[1]}`);
  const feedAuthor = authorOf(doc);
  return {
    format: 'json',
    version: `json-${m[1] === '1' ? '1.0' : m[1]}`,
    title: textValue(doc['title'], false),
    link: str(doc['home_page_url']),
    language: str(doc['language']),
    ttlMinutes: null,
    base: str(doc['home_page_url']) ?? str(doc['feed_url']),
    items: (doc['items'] as unknown[]).filter(isObject).map((it) => readItem(it, feedAuthor)),
  };
}

function readItem(it: Json, feedAuthor: string | null): RawItem {
  const id = it['id'];
  const html = str(it['content_html']);
  const attachment = Array.isArray(it['attachments']) ? it['attachments'].find(isObject) : undefined;
  const attUrl = attachment ? str(attachment['url']) : null;
  return {
    guid: typeof id === 'number' ? String(id) : str(id),
    link: str(it['url']) ?? str(it['external_url']),
    title: textValue(it['title'], false),
    summary: textValue(it['summary'], false),
    content: html ? { value: html, html: true } : textValue(it['content_text'], false),
    author: authorOf(it) ?? feedAuthor,
    categories: Array.isArray(it['tags']) ? it['tags'].filter((t): t is string => typeof t === 'string') : [],
    date: str(it['date_published']) ?? str(it['date_modified']),
    enclosure: attachment && attUrl
      ? { url: attUrl, type: str(attachment['mime_type']), length: toLength(String(attachment['size_in_bytes'] ?? '')) }
      : null,
    base: null,
  };
}

function authorOf(o: Json): string | null {
  const list = Array.isArray(o['authors']) ? o['authors'] : isObject(o['author']) ? [o['author']] : [];
  const names = list.filter(isObject).map((a) => str(a['name'])).filter((n): n is string => n !== null);
  return names.length ? names.join(', ') : null;
}

function textValue(v: unknown, html: boolean): { value: string; html: boolean } | null {
  const s = str(v);
  return s ? { value: s, html } : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
