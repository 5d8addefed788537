/** A Telegram post as mediamon stores it: its article key, a title from its first line, its text hash. */
import { createHash } from 'node:crypto';
import type { TelegramPost } from './telegram-types.js';

/** Longest title taken from a post's first line (posts have no title of their own). */
const MAX_TITLE_CHARS = 120;

/** `telegram:<channel>/<id>` (usernames are case-insensitive: the key is lower-case). */
export function telegramKey(post: Pick<TelegramPost, 'channel' | 'id'>): string {
  return `telegram:${post.channel.toLowerCase()}/${post.id}`;
}

/** The post's first non-empty line, cut at a word boundary. */
export function postTitle(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  if (line.length <= MAX_TITLE_CHARS) return line;
  const cut = line.slice(0, MAX_TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A short hash of the text: the same post seen with another hash was edited. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
