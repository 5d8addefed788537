/**
 * Telegram channel references as people write them: `https://t.me/<name>`, `t.me/s/<name>`,
 * `telegram.me/<name>`, a post link `https://t.me/<name>/123`, or `@name`; and the preview URLs
 * mediamon asks (`<baseUrl><name>?before=<id>`).
 */

/** Telegram usernames: 5-32 letters, digits and underscores, starting with a letter (some old ones are shorter). */
export const TELEGRAM_USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{2,31}$/;
const LINK_RE = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/(?:s\/)?([A-Za-z][A-Za-z0-9_]{2,31})(?:\/\d+)?\/?(?:[?#].*)?$/i;
/** Paths of t.me that are not channels. */
const NOT_CHANNELS = new Set(['joinchat', 'addstickers', 'share', 'proxy', 'socks', 'iv', 'login', 'addlist', 'contact', 'setlanguage', 'boost']);

/** The channel username an input names, or null when it names none. */
export function telegramUsername(input: string): string | null {
  const value = input.trim();
  if (value.startsWith('@')) return TELEGRAM_USERNAME_RE.test(value.slice(1)) ? value.slice(1) : null;
  const match = LINK_RE.exec(value);
  if (!match || NOT_CHANNELS.has(match[1]!.toLowerCase())) return null;
  return match[1]!;
}

/** The public address of a channel's preview (what feeds.yaml and OPML show). */
export function telegramPreviewUrl(username: string): string {
  return `https://t.me/s/${username}`;
}

/** The preview page to fetch: the newest, or the one before a post id. `baseUrl` ends with '/'. */
export function telegramPageUrl(baseUrl: string, username: string, before?: number | null): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${encodeURIComponent(username)}${before ? `?before=${before}` : ''}`;
}
