/**
 * Reading a saved or fetched t.me/s/<channel> page: the channel header, the posts (oldest first) and
 * the `before` id of the next older page. A page without a channel history (the contact page t.me
 * answers for a username that does not exist, or for a channel without a public preview) is a
 * `not-found` TelegramError, not an empty page.
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { capNesting, MAX_NESTING } from '../extract/dom.js';
import { TelegramError } from './telegram-errors.js';
import { readPost } from './telegram-post.js';
import { classTokens, visibleText } from './telegram-text.js';
import type { TelegramPage, TelegramPost } from './telegram-types.js';

const HISTORY = 'tgme_channel_history';
const MESSAGE = 'tgme_widget_message';
const MORE = 'tme_messages_more';
const TITLE_TOKENS = ['tgme_channel_info_header_title', 'tgme_header_title', 'tgme_page_title'];
const USERNAME_RE = /@?([A-Za-z0-9_]{3,64})/;
/** The contact page links the username it was asked for. */
const RESOLVE_RE = /tg:\/\/resolve\?domain=([A-Za-z0-9_]{3,64})/;

interface PageParts {
  history: boolean;
  messages: Element[];
  more: Element[];
  titles: Map<string, Element>;
  usernameEl: Element | null;
}

/** One iterative walk collecting the page's landmarks; messages nested in messages are not posts. */
function landmarks(root: AnyNode[]): PageParts {
  const parts: PageParts = { history: false, messages: [], more: [], titles: new Map(), usernameEl: null };
  const stack: [AnyNode, boolean][] = root.map((n) => [n, false] as [AnyNode, boolean]).reverse();
  while (stack.length) {
    const [node, inMessage] = stack.pop()!;
    if (node.type !== 'tag') continue;
    const el = node as Element;
    const tokens = classTokens(el);
    if (tokens.includes(HISTORY)) parts.history = true;
    const isMessage = !inMessage && tokens.includes(MESSAGE) && el.attribs['data-post'] !== undefined;
    if (isMessage) parts.messages.push(el);
    if (tokens.includes(MORE) && el.attribs['data-before'] !== undefined) parts.more.push(el);
    for (const token of TITLE_TOKENS) if (tokens.includes(token) && !parts.titles.has(token)) parts.titles.set(token, el);
    if (tokens.includes('tgme_channel_info_header_username')) parts.usernameEl ??= el;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push([el.children[i]!, inMessage || isMessage]);
  }
  return parts;
}

function pageTitle(parts: PageParts): string | null {
  for (const token of TITLE_TOKENS) {
    const el = parts.titles.get(token);
    const text = el ? visibleText(el).replace(/\s+/g, ' ').trim() : '';
    if (text) return text;
  }
  return null;
}

function beforeId(more: Element[]): number | null {
  for (const el of more) {
    const value = Number(el.attribs['data-before']);
    if (Number.isInteger(value) && value > 0) return value;
  }
  return null;
}

export interface ReadPageOptions {
  /** The username asked for, for error messages (default: what the page says). */
  username?: string;
}

/** Parse a preview page. Throws TelegramError('not-found') when the page has no channel history. */
export function parseTelegramPage(html: string, options: ReadPageOptions = {}): TelegramPage {
  const $ = load(capNesting(html, MAX_NESTING), { xml: { xmlMode: false, decodeEntities: true } });
  const parts = landmarks($.root()[0]!.children as AnyNode[]);
  if (!parts.history) {
    const named = options.username ?? RESOLVE_RE.exec(html)?.[1];
    const who = named ? `@${named}` : 'this page';
    throw new TelegramError('not-found', `${who}: no public channel preview (no such channel, or it is private or restricted)`);
  }
  const posts: TelegramPost[] = [];
  for (const message of parts.messages) {
    const post = readPost(message);
    if (post) posts.push(post);
  }
  const headerName = parts.usernameEl ? USERNAME_RE.exec(visibleText(parts.usernameEl))?.[1] : undefined;
  return {
    title: pageTitle(parts),
    username: posts[0]?.channel ?? headerName ?? options.username ?? null,
    before: beforeId(parts.more),
    posts,
  };
}
