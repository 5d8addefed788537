/**
 * `mediamon ingest URL|FILE [--json] [--store]`: one feed or article through every stage, no queues.
 * Prints what was extracted, detected, tagged and which rules fired. Nothing is stored unless --store.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeBytes, maybeDecompress } from '../../fetch/charset.js';
import { FetchError } from '../../fetch/errors.js';
import type { HttpClient } from '../../fetch/http.js';
import { looksLikeHtml } from '../../extract/index.js';
import { FeedError, parseFeed } from '../../feeds/index.js';
import { canonicalUrl } from '../../feeds/canonical-url.js';
import { looksLikeFeed } from '../../feeds/sniff.js';
import { analyzeDocument, createAnalyzer, type AnalysisResult, type Analyzer } from '../../pipeline/analyze.js';
import { analysisInput, articleRecord, storeAnalysis } from '../../pipeline/article-record.js';
import { NO_LINK, downloadPage, feedTextPayload, type FetchedPage } from '../../pipeline/fetch-page.js';
import { itemsByKey } from '../../pipeline/keys.js';
import { fetchPayload } from '../../pipeline/poll.js';
import { createHttpClient } from '../../pipeline/runtime.js';
import type { AnalyzePayload, FetchPayload } from '../../queues/index.js';
import { openStore } from '../../store/index.js';
import { CliError, environment, loadConfigOrFail, printJson, type GlobalOptions } from '../context.js';

const DEFAULT_MAX_ITEMS = 20;

interface IngestOptions extends GlobalOptions {
  json?: boolean;
  store?: boolean;
  maxItems?: string;
}

interface Source {
  /** The URL (after redirects) or the absolute file path. */
  location: string;
  isUrl: boolean;
  bytes: Uint8Array;
  contentType: string | null;
  contentLanguage: string | null;
}

/** Articles of an ingested feed that is not in feeds.yaml are stored under this feed id. */
const INGEST_FEED_ID = 'ingest';
/** Why the items of a feed file are read from the feed's text (their pages are not fetched offline). */
const FILE_FEED = 'the feed was read from a file: its pages are not fetched';

interface Ingested {
  /** What the pipeline stores it with (src/pipeline/article-record.ts): key, feed id, the URL asked for
   *  and where it led, and why the page was not used (the feed's text was read instead). */
  payload: Pick<AnalyzePayload, 'key' | 'feedId' | 'url' | 'finalUrl' | 'fetchError'>;
  result: AnalysisResult;
}

async function load(input: string, http: HttpClient, maxBytes: number): Promise<Source> {
  if (/^https?:\/\//i.test(input)) {
    const res = await http.fetch({ url: input });
    return { location: res.url, isUrl: true, bytes: res.body, contentType: res.contentType, contentLanguage: res.contentLanguage };
  }
  const file = path.resolve(input);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`ingest: cannot read ${input}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  return { location: file, isUrl: false, bytes: maybeDecompress(new Uint8Array(bytes), maxBytes), contentType: null, contentLanguage: null };
}

/**
 * A feed item as the fetch stage would hand it to analysis after its last attempt: the page, or the
 * feed's text with the reason (one attempt here: a failure, or a host asking to wait, is final).
 */
async function fetchItem(http: HttpClient, payload: FetchPayload): Promise<FetchedPage> {
  if (!payload.url) return { payload: feedTextPayload(payload, NO_LINK), page: null };
  try {
    return await downloadPage(http, payload, payload.url);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    return { payload: feedTextPayload(payload, error.message), page: null };
  }
}

async function ingestItem(analyzer: Analyzer, http: HttpClient, payload: FetchPayload, fetchPages: boolean): Promise<Ingested> {
  const fetched = fetchPages ? await fetchItem(http, payload) : { payload: feedTextPayload(payload, FILE_FEED), page: null };
  const result = analyzeDocument(analyzer, analysisInput(fetched.payload, fetched.page));
  return { payload: fetched.payload, result };
}

/**
 * The key of a page as the pipeline would store it from a feed item linking to it: the URL asked for
 * (a feed links to it, not to where it redirects), canonicalised; for a saved file, the page's own
 * canonical URL, else the file.
 */
function pageKey(input: string, source: Source, result: AnalysisResult): string {
  const page = source.isUrl ? input : result.article.canonicalUrl;
  return (page && canonicalUrl(page)) ?? `file:${source.location}`;
}

function describe(entry: Ingested): Record<string, unknown> {
  const { article, language, mentions, hits } = entry.result;
  const { url, fetchError } = articleRecord(entry.payload, entry.result, entry.payload.fetchError);
  return {
    url,
    title: article.title,
    lang: language.lang,
    lang_confidence: Number(language.confidence.toFixed(3)),
    published: article.published,
    author: article.author,
    site_name: article.siteName,
    method: article.method,
    fetch_error: fetchError,
    text_chars: article.text.length,
    text: article.text,
    mentions,
    rules: hits.map((h) => ({ rule: h.rule, score: h.score, priority: h.priority })),
    narratives: entry.result.narratives,
  };
}

function printHuman(entry: Ingested): void {
  const { article, language, mentions, hits } = entry.result;
  const { url, fetchError } = articleRecord(entry.payload, entry.result, entry.payload.fetchError);
  const byEntity = new Map<string, Set<string>>();
  for (const m of mentions) byEntity.set(m.entity, (byEntity.get(m.entity) ?? new Set()).add(m.field === 'title' ? `${m.text} [title]` : m.text));
  const lines = [
    `${article.title ?? '(no title)'}`,
    `  url:       ${url ?? '-'}`,
    `  language:  ${language.lang} (confidence ${language.confidence.toFixed(2)})`,
    `  published: ${article.published ?? '-'}   author: ${article.author ?? '-'}`,
    `  body:      ${article.text.length} chars via ${article.method}${fetchError ? ` (page not used: ${fetchError})` : ''}`,
    `  mentions:  ${byEntity.size === 0 ? 'none' : [...byEntity].map(([id, forms]) => `${id} (${[...forms].join(', ')})`).join('; ')}`,
    `  rules:     ${hits.length === 0 ? 'none fired' : hits.map((h) => `${h.rule} (score ${h.score}, ${h.priority})`).join('; ')}`,
    `  narratives: ${entry.result.narratives.length === 0 ? 'none' : entry.result.narratives.map((n) => `${n.narrative}/${n.claim}: “${n.sentence.slice(0, 120)}”`).join('\n              ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

export async function ingestCommand(input: string, options: IngestOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const analyzer = createAnalyzer(config);
  const http = createHttpClient(config);
  const maxItems = Number(options.maxItems ?? DEFAULT_MAX_ITEMS);
  try {
    const source = await load(input, http, config.settings.fetch.maxBytes).catch((error: unknown) => {
      throw error instanceof FetchError ? new CliError(`ingest: ${error.message}`) : error;
    });
    const entries: Ingested[] = [];
    if (looksLikeFeed(source.bytes, source.contentType)) {
      const feed = (() => {
        try {
          return parseFeed(source.bytes, { url: source.isUrl ? source.location : null, contentType: source.contentType, maxBytes: config.settings.fetch.maxBytes });
        } catch (error) {
          throw error instanceof FeedError ? new CliError(`ingest: ${input}: ${error.message}`) : error;
        }
      })();
      // A watched feed's items get that feed's keys (a GUID-only item is `guid:<feed id>:<guid>`).
      const watched = source.isUrl ? config.feeds.find((f) => canonicalUrl(f.url) === canonicalUrl(input) || canonicalUrl(f.url) === canonicalUrl(source.location)) : undefined;
      const feedId = watched?.id ?? INGEST_FEED_ID;
      const language = watched?.language ?? feed.language;
      for (const [key, item] of [...itemsByKey(feed.items, feedId)].slice(0, maxItems)) {
        entries.push(await ingestItem(analyzer, http, fetchPayload(key, feedId, item, language), source.isUrl));
      }
    } else {
      const html = decodeBytes(source.bytes, { contentType: source.contentType, kind: 'html' }).text;
      const url = source.isUrl ? source.location : null;
      // A text/plain body, or a file without markup, is the article itself.
      const plain = /^text\/plain\b/i.test(source.contentType ?? '') || (!source.isUrl && !looksLikeHtml(html));
      const page = plain ? { html: null, text: html } : { html };
      const result = analyzeDocument(analyzer, { ...page, url, feedId: INGEST_FEED_ID, feed: null, hints: [source.contentLanguage] });
      const payload = { key: pageKey(input, source, result), feedId: INGEST_FEED_ID, url: source.isUrl ? input : source.location, finalUrl: url, fetchError: null };
      entries.push({ payload, result });
    }
    for (const entry of entries) (options.json ? printJson(describe(entry)) : printHuman(entry));
    if (options.store) {
      const store = await openStore(environment().databaseUrl);
      try {
        let alerts = 0;
        for (const entry of entries) alerts += (await storeAnalysis(store, entry.payload, entry.result, entry.payload.fetchError)).alertIds.length;
        process.stderr.write(`ingest: stored ${entries.length} article(s), ${alerts} new alert(s)\n`);
      } finally {
        await store.close();
      }
    }
  } finally {
    await http.close();
  }
}
