/**
 * Editing config/feeds.yaml in place (add, remove, import), keeping the analyst's comments and order.
 * Every change is validated with the same schema as at start before the file is written.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import slugify from 'slugify';
import YAML, { isMap, isSeq, type Document, YAMLMap, YAMLSeq } from 'yaml';
import { ConfigError, formatKeyPath } from './load.js';
import { FeedsFileSchema, type FeedConfig } from '../settings/schema.js';

export interface NewFeed {
  id: string;
  /** Left out of the file for a Telegram source (its url is the channel's preview). */
  url: string;
  /** A Telegram channel username: the entry is `{ id, telegram }`. */
  telegram?: string;
  title?: string;
  interval?: string;
  language?: string;
}

export class FeedsFile {
  private constructor(readonly file: string, private readonly doc: Document) {}

  static open(configDir: string): FeedsFile {
    const file = path.join(configDir, 'feeds.yaml');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : 'feeds: []\n';
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) throw new ConfigError([`feeds.yaml: ${doc.errors[0]!.message.split('\n')[0]}`]);
    if (!isMap(doc.contents)) doc.contents = doc.createNode({ feeds: [] }) as never;
    if (!isSeq(doc.get('feeds'))) doc.set('feeds', doc.createNode([]));
    return new FeedsFile(file, doc);
  }

  private get seq(): YAMLSeq {
    return this.doc.get('feeds') as YAMLSeq;
  }

  feeds(): FeedConfig[] {
    return this.validate().feeds;
  }

  has(id: string): boolean {
    return this.feeds().some((f) => f.id === id);
  }

  hasUrl(url: string): FeedConfig | undefined {
    return this.feeds().find((f) => f.url === url);
  }

  /** The entry watching a Telegram channel (usernames are case-insensitive). */
  hasTelegram(username: string): FeedConfig | undefined {
    return this.feeds().find((f) => f.telegram?.toLowerCase() === username.toLowerCase());
  }

  /**
   * Append an entry in the file's style: one line a feed (`- { id: x, url: ... }`, as the shipped
   * feeds.yaml), or a block map when the last entry is one. An empty `feeds: []` becomes a block list.
   */
  add(feed: NewFeed): void {
    const entry: Record<string, string> = feed.telegram ? { id: feed.id, telegram: feed.telegram } : { id: feed.id, url: feed.url };
    if (feed.title) entry.title = feed.title;
    if (feed.interval) entry.interval = feed.interval;
    if (feed.language) entry.language = feed.language;
    const seq = this.seq;
    const last = seq.items[seq.items.length - 1];
    const node = this.doc.createNode(entry) as YAMLMap;
    node.flow = !(last instanceof YAMLMap) || Boolean(last.flow);
    seq.flow = false;
    seq.add(node);
  }

  remove(id: string): boolean {
    const index = this.feeds().findIndex((f) => f.id === id);
    if (index < 0) return false;
    this.seq.items.splice(index, 1);
    return true;
  }

  /** A free id derived from `base` (foo, foo-2, foo-3...). */
  freeId(base: string): string {
    const taken = new Set(this.feeds().map((f) => f.id));
    const clean = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, 60) || 'feed';
    if (!taken.has(clean)) return clean;
    for (let n = 2; ; n++) if (!taken.has(`${clean}-${n}`)) return `${clean}-${n}`;
  }

  private validate() {
    const result = FeedsFileSchema.safeParse(this.doc.toJS() ?? {});
    if (!result.success) {
      throw new ConfigError(result.error.issues.map((i) => `feeds.yaml: ${formatKeyPath(i.path)}: ${i.message}`));
    }
    return result.data;
  }

  /** Validate, then write atomically (temp file + rename). */
  save(): void {
    this.validate();
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, this.doc.toString({ lineWidth: 0 }));
    renameSync(temp, this.file);
  }
}

/**
 * Where slugify's default table (made for Russian and Ukrainian alike) differs from the common Russian
 * romanisation (Донецк -> donetsk, not doneck; новостей -> novostey).
 */
const RUSSIAN_FIXES: Record<string, string> = { ц: 'ts', Ц: 'Ts', й: 'y', Й: 'Y', х: 'kh', Х: 'Kh' };
/** Letters only Ukrainian writes: such a title is romanised the Ukrainian way (Київ -> kyyiv, г -> h). */
const UKRAINIAN_LETTERS = /[іїєґІЇЄҐ]/;
const MAX_ID_CHARS = 60;

/** An id for a feed title: lower-case ASCII words joined by '-', Cyrillic transliterated; null if none is left. */
export function idForTitle(title: string): string | null {
  const ukrainian = UKRAINIAN_LETTERS.test(title);
  const text = ukrainian ? title : title.replace(/[цЦйЙхХ]/g, (c) => RUSSIAN_FIXES[c]!);
  const slug = slugify(text, { lower: true, strict: true, ...(ukrainian ? { locale: 'uk' } : {}) });
  const cut = slug.slice(0, MAX_ID_CHARS).replace(/-+$/, '');
  return /^[a-z0-9]/.test(cut) ? cut : null;
}

/** An id for a feed URL: host without www, plus the first meaningful path segment. */
export function idForUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^www\./, '');
    const segment = u.pathname.split('/').find((s) => s && !/^(rss|feed|feeds|atom|index)(\.\w+)?$/i.test(s));
    return segment ? `${host}-${segment.replace(/\.\w+$/, '')}` : host;
  } catch {
    return 'feed';
  }
}
