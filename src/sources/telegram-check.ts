/**
 * `mediamon feeds check` for Telegram: a t.me link, `@name`, a URL under settings.telegram.baseUrl, or
 * a saved preview page. Prints the channel title, `before`, and every post (service messages left out).
 */
import { readFile } from 'node:fs/promises';
import { decodeBytes } from '../fetch/charset.js';
import type { HttpClient } from '../fetch/http.js';
import { TelegramError } from './telegram-errors.js';
import { fetchTelegramPage } from './telegram-fetch.js';
import { parseTelegramPage } from './telegram-page.js';
import type { TelegramMediaKind, TelegramPage, TelegramPost } from './telegram-types.js';
import { telegramPreviewUrl, telegramUsername, TELEGRAM_USERNAME_RE } from '../settings/telegram-url.js';

/** How far into a file to look for the preview's class names. */
const SNIFF_CHARS = 64 * 1024;
const URL_RE = /^https?:\/\//i;

export interface TelegramCheckItem {
  guid: string;
  link: string;
  published: string | null;
  text: string;
  views: number | null;
  forwardedFrom: { name: string; url: string | null } | null;
  replyTo: string | null;
  media: TelegramMediaKind[];
  edited: boolean;
}

/** The same fields as a feed's check result, plus `before`; items are posts. */
export interface TelegramCheckResult {
  input: string;
  ok: boolean;
  error: { kind: 'not-found' | 'bad-username' | 'fetch' | 'io'; message: string } | null;
  format: 'telegram' | null;
  encoding: string | null;
  title: string | null;
  link: string | null;
  before: number | null;
  items: TelegramCheckItem[];
  repairs: string[];
  strict: null;
  discovered: [];
}

/** The channel a live input names: a t.me link, @name, or a URL under `baseUrl`; null otherwise. */
export function telegramTarget(input: string, baseUrl: string): { username: string; before: number | null } | null {
  const before = (() => {
    const match = /[?&]before=(\d+)/.exec(input);
    return match ? Number(match[1]) : null;
  })();
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  if (input.startsWith(base)) {
    const name = input.slice(base.length).split(/[/?#]/)[0] ?? '';
    return TELEGRAM_USERNAME_RE.test(name) ? { username: name, before } : null;
  }
  const username = telegramUsername(input);
  return username ? { username, before } : null;
}

/** Whether a saved file is a t.me page (a channel preview or its contact page). */
export function looksLikeTelegramPage(text: string): boolean {
  const head = text.slice(0, SNIFF_CHARS);
  return /class="[^"]*\btgme_/.test(head) || head.includes('tgme_channel_history');
}

function item(post: TelegramPost): TelegramCheckItem {
  const { guid, link, published, text, views, forwardedFrom, replyTo, media, edited } = post;
  return { guid, link, published, text, views, forwardedFrom, replyTo, media, edited };
}

function emptyResult(input: string): TelegramCheckResult {
  return { input, ok: false, error: null, format: null, encoding: null, title: null, link: null, before: null, items: [], repairs: [], strict: null, discovered: [] };
}

function filled(result: TelegramCheckResult, page: TelegramPage, encoding: string): TelegramCheckResult {
  return {
    ...result,
    ok: true,
    format: 'telegram',
    encoding,
    title: page.title,
    link: page.username ? telegramPreviewUrl(page.username) : result.link,
    before: page.before,
    items: page.posts.filter((p) => !p.service).map(item),
  };
}

function failed(result: TelegramCheckResult, error: unknown, kind: 'fetch' | 'io'): TelegramCheckResult {
  if (error instanceof TelegramError) return { ...result, format: 'telegram', error: { kind: error.kind, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ...result, error: { kind, message: message.startsWith(`${kind === 'io' ? 'telegram' : 'fetch'}: `) ? message : `telegram: ${message}` } };
}

/** Check a live channel. Never throws: failures are in `error`. */
export async function checkTelegramChannel(input: string, target: { username: string; before: number | null }, http: Pick<HttpClient, 'fetch'>, baseUrl: string): Promise<TelegramCheckResult> {
  const result = { ...emptyResult(input), link: telegramPreviewUrl(target.username) };
  try {
    const { page } = await fetchTelegramPage(http, baseUrl, target.username, target.before);
    return filled(result, page, 'utf-8');
  } catch (error) {
    return failed(result, error, 'fetch');
  }
}

/** Check a saved page's bytes (already known to look like a t.me page). */
export function checkTelegramBytes(input: string, bytes: Uint8Array): TelegramCheckResult {
  const result = emptyResult(input);
  try {
    const decoded = decodeBytes(bytes, { contentType: null, kind: 'html' });
    return filled(result, parseTelegramPage(decoded.text), decoded.encoding);
  } catch (error) {
    return failed(result, error, 'io');
  }
}

/** Read a file; null when it is not a t.me page (the caller checks it as a feed). */
export async function checkTelegramFile(input: string): Promise<TelegramCheckResult | null> {
  if (URL_RE.test(input)) return null;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input);
  } catch {
    return null;
  }
  const head = Buffer.from(bytes.subarray(0, SNIFF_CHARS)).toString('latin1');
  return looksLikeTelegramPage(head) ? checkTelegramBytes(input, bytes) : null;
}
