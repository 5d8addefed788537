/**
 * One message of the preview page read by its class tokens, never by exact class strings or child
 * positions (the markup of 2023 and of 2026 differ in wrappers, extra tokens and order).
 */
import type { AnyNode, Element } from 'domhandler';
import { classTokens, hasClass, parseViews, textOf, visibleText } from './telegram-text.js';
import type { TelegramLinkPreview, TelegramMediaKind, TelegramPost } from './telegram-types.js';

/** Class token -> media kind. Order of kinds in a post follows the page. */
const MEDIA_TOKENS: Record<string, TelegramMediaKind> = {
  tgme_widget_message_grouped_wrap: 'album',
  tgme_widget_message_grouped: 'album',
  tgme_widget_message_photo_wrap: 'photo',
  tgme_widget_message_photo: 'photo',
  tgme_widget_message_video_player: 'video',
  tgme_widget_message_video: 'video',
  tgme_widget_message_roundvideo_player: 'round-video',
  tgme_widget_message_roundvideo: 'round-video',
  tgme_widget_message_voice_player: 'voice',
  tgme_widget_message_voice: 'voice',
  tgme_widget_message_audio_player: 'audio',
  tgme_widget_message_audio: 'audio',
  tgme_widget_message_document_wrap: 'document',
  tgme_widget_message_document: 'document',
  tgme_widget_message_sticker_wrap: 'sticker',
  tgme_widget_message_sticker: 'sticker',
  tgme_widget_message_tgsticker: 'sticker',
  tgme_widget_message_videosticker: 'sticker',
  tgme_widget_message_poll: 'poll',
  tgme_widget_message_location_wrap: 'location',
  tgme_widget_message_location: 'location',
  tgme_widget_message_venue: 'location',
  tgme_widget_message_contact_wrap: 'contact',
  tgme_widget_message_contact: 'contact',
};
const TEXT = 'tgme_widget_message_text';
const REPLY = 'tgme_widget_message_reply';
const LINK_PREVIEW = 'tgme_widget_message_link_preview';
/** Subtrees whose text is not the post's own. */
const FOREIGN = [REPLY, LINK_PREVIEW, 'tgme_widget_message_poll', 'tgme_widget_message_inline_keyboard', 'js-message_reply_text'];
const EDITED_RE = /\bedited\b/i;
const POST_PATH_RE = /^\/?(?:s\/)?([A-Za-z0-9_]{3,64})\/(\d*)/;

/** What one walk over the message finds, by role. */
interface Parts {
  texts: Element[];
  views: Element | null;
  date: Element | null;
  meta: Element | null;
  forwarded: Element | null;
  reply: Element | null;
  preview: Element | null;
  author: Element | null;
  media: Set<TelegramMediaKind>;
  unsupported: boolean;
  service: boolean;
}

function walk(message: Element): Parts {
  const parts: Parts = { texts: [], views: null, date: null, meta: null, forwarded: null, reply: null, preview: null, author: null, media: new Set(), unsupported: false, service: false };
  // Each entry: a node and whether it sits inside a foreign subtree or inside a text block already.
  const stack: [AnyNode, boolean, boolean][] = message.children.map((c) => [c, false, false] as [AnyNode, boolean, boolean]).reverse();
  while (stack.length) {
    const [node, foreign, inText] = stack.pop()!;
    if (node.type !== 'tag') continue;
    const el = node as Element;
    const tokens = classTokens(el);
    const isForeign = foreign || tokens.some((t) => FOREIGN.includes(t));
    if (!foreign) noteRole(parts, el, tokens, inText);
    const isText = tokens.includes(TEXT);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push([el.children[i]!, isForeign, inText || isText]);
  }
  return parts;
}

function noteRole(parts: Parts, el: Element, tokens: string[], inText: boolean): void {
  for (const token of tokens) {
    const kind = MEDIA_TOKENS[token];
    if (kind && !inText) parts.media.add(kind);
  }
  const has = (t: string) => tokens.includes(t);
  if (has(REPLY)) parts.reply ??= el;
  else if (has(LINK_PREVIEW)) parts.preview ??= el;
  else if (has(TEXT) && !inText && !has('js-message_reply_text')) parts.texts.push(el);
  if (has('tgme_widget_message_views')) parts.views ??= el;
  if (has('tgme_widget_message_date')) parts.date ??= el;
  if (has('tgme_widget_message_meta')) parts.meta ??= el;
  if (has('tgme_widget_message_forwarded_from')) parts.forwarded ??= el;
  if (has('tgme_widget_message_from_author')) parts.author ??= el;
  if (has('media_not_supported_cont') || has('message_media_not_supported_cont')) parts.unsupported = true;
  if (tokens.some((t) => t.startsWith('tgme_widget_message_service') || t === 'service_message')) parts.service = true;
}

/**
 * `channel/123` from a data-post value or a t.me post link, or null. A reference whose id is missing
 * (`channel/`, seen in damaged saved pages) keeps its channel with id null: shown, never an article.
 */
export function postRef(value: string | undefined | null): { channel: string; id: number | null } | null {
  if (!value) return null;
  let path = value;
  if (/^https?:\/\//i.test(value) || value.startsWith('//')) {
    try {
      path = new URL(value, 'https://t.me').pathname;
    } catch {
      return null;
    }
  }
  const match = POST_PATH_RE.exec(path);
  return match ? { channel: match[1]!, id: match[2] ? Number(match[2]) : null } : null;
}

function findTime(el: Element | null): string | null {
  if (!el) return null;
  const stack: AnyNode[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    const child = node as Element;
    if (child.name === 'time' && child.attribs.datetime) return child.attribs.datetime;
    stack.push(...child.children);
  }
  return null;
}

function isoTime(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function forwardedFrom(el: Element | null): TelegramPost['forwardedFrom'] {
  if (!el) return null;
  let nameEl: Element | null = null;
  const stack: AnyNode[] = [el];
  while (stack.length && !nameEl) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (hasClass(node as Element, 'tgme_widget_message_forwarded_from_name')) nameEl = node as Element;
    else stack.push(...(node as Element).children);
  }
  const name = (nameEl ? visibleText(nameEl) : visibleText(el).replace(/^forwarded from\s*/i, '')).replace(/\s+/g, ' ').trim();
  if (!name) return null;
  const href = nameEl?.name === 'a' ? nameEl.attribs.href : undefined;
  return { name, url: href ? absolute(href) : null };
}

function absolute(href: string): string {
  try {
    return new URL(href, 'https://t.me/').href;
  } catch {
    return href;
  }
}

function linkPreview(el: Element | null): TelegramLinkPreview | null {
  if (!el) return null;
  const pick = (token: string): string | null => {
    const stack: AnyNode[] = [...el.children];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type !== 'tag') continue;
      if (hasClass(node as Element, token)) return visibleText(node as Element) || null;
      stack.push(...(node as Element).children);
    }
    return null;
  };
  return { url: absolute(el.attribs.href ?? ''), siteName: pick('link_preview_site_name'), title: pick('link_preview_title'), description: pick('link_preview_description') };
}

/** The post's own text: each outermost text block once (an album caption may be repeated or nested). */
function ownText(texts: Element[]): string {
  const seen = new Set<string>();
  for (const block of texts) {
    const text = visibleText(block, (el) => FOREIGN.some((t) => hasClass(el, t)));
    if (text) seen.add(text);
  }
  return [...seen].join('\n\n');
}

/** Read one message element; null when it carries no post reference at all. */
export function readPost(message: Element): TelegramPost | null {
  const parts = walk(message);
  const ref = [postRef(message.attribs['data-post']), postRef(parts.date?.attribs.href)].find((r) => r?.id !== null) ?? postRef(message.attribs['data-post']);
  if (!ref) return null;
  const media = [...parts.media];
  if (parts.unsupported && !media.some((k): boolean => k !== 'poll')) media.push('unsupported');
  if (parts.preview) media.push('link-preview');
  const metaText = parts.meta ? textOf(parts.meta) : '';
  const replyRef = parts.reply ? postRef(parts.reply.attribs.href) : null;
  return {
    guid: `${ref.channel}/${ref.id ?? ''}`,
    channel: ref.channel,
    id: ref.id,
    link: `https://t.me/${ref.channel}/${ref.id ?? ''}`,
    published: isoTime(findTime(parts.date) ?? findTime(parts.meta)),
    text: ownText(parts.texts),
    views: parseViews(parts.views ? textOf(parts.views) : null),
    forwardedFrom: forwardedFrom(parts.forwarded),
    replyTo: parts.reply ? (replyRef?.id ? `${replyRef.channel}/${replyRef.id}` : (parts.reply.attribs.href ? absolute(parts.reply.attribs.href) : null)) : null,
    media,
    linkPreview: linkPreview(parts.preview),
    edited: EDITED_RE.test(metaText) || (parts.meta !== null && hasEditedToken(parts.meta)),
    service: parts.service || hasClass(message, 'service_message'),
    author: parts.author ? visibleText(parts.author) || null : null,
  };
}

function hasEditedToken(meta: Element): boolean {
  const stack: AnyNode[] = [meta];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (classTokens(node as Element).some((t) => /(^|_)edited$/.test(t))) return true;
    stack.push(...(node as Element).children);
  }
  return false;
}
