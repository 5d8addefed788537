/**
 * The item model of a Telegram channel's public web preview (https://t.me/s/<channel>): one page of
 * posts, oldest first, and the id to ask `?before=` for the next older page.
 */

/** What a post carries besides its text (class tokens of the preview markup, mapped to one name each). */
export type TelegramMediaKind =
  | 'photo'
  | 'video'
  | 'album'
  | 'document'
  | 'audio'
  | 'voice'
  | 'round-video'
  | 'sticker'
  | 'poll'
  | 'location'
  | 'contact'
  | 'link-preview'
  /** Media the preview does not show ("Please open Telegram to view this post"). */
  | 'unsupported';

export interface TelegramLinkPreview {
  url: string;
  siteName: string | null;
  title: string | null;
  description: string | null;
}

export interface TelegramPost {
  /** `channel/123`, from the post's data-post (or its date link). */
  guid: string;
  /** The channel username as the page spells it. */
  channel: string;
  /** The post id, or null when the page's reference is damaged (such a post is never an article). */
  id: number | null;
  /** `https://t.me/channel/123`. */
  link: string;
  /** ISO 8601 (UTC) of the post's own date link, or null. */
  published: string | null;
  /** The post's own text block(s): no quoted reply, link preview or poll; `<br>` as newline; emoji as characters. */
  text: string;
  /** Views as a number ("33.8K" is 33800), or null when the page shows none. */
  views: number | null;
  /** The origin of a forwarded post: url is null when the origin hides itself (a span, not a link). */
  forwardedFrom: { name: string; url: string | null } | null;
  /** The guid (`channel/100`) or link of the post this one replies to, or null. */
  replyTo: string | null;
  /** Kinds of media and attachments, each once, in page order. */
  media: TelegramMediaKind[];
  linkPreview: TelegramLinkPreview | null;
  /** The preview marks the post "edited". */
  edited: boolean;
  /** A service message ("Channel created", "pinned a message"): not a post. */
  service: boolean;
  /** The author signature some channels add, or null. */
  author: string | null;
}

export interface TelegramPage {
  /** The channel title (header), or null. */
  title: string | null;
  /** The channel username (from the posts or the header), or null. */
  username: string | null;
  /** The id to ask `?before=` for the next older page, or null when there is none. */
  before: number | null;
  /** Every message on the page, service messages included, oldest first. */
  posts: TelegramPost[];
}

/** Kinds that are not media of the post itself (a link preview is the linked page's). */
export function hasMedia(post: Pick<TelegramPost, 'media'>): boolean {
  return post.media.some((kind) => kind !== 'link-preview');
}

/** Whether a post becomes an article: not a service message, and some text of its own. */
export function isArticlePost(post: TelegramPost): boolean {
  return !post.service && post.id !== null && post.text.trim().length > 0;
}
