/**
 * SQL for Telegram sources: the posts table (views, forwards, media and the text hash that tells an
 * edit), and rewriting an edited post's article in place (SQLite's external-content full-text index
 * must be told the old row's words before the row changes).
 */
import { stemmedText } from '../search/stem.js';
import type { Db, Executor, Row } from './db.js';
import { postgresSearchColumn } from './text-index.js';
import type { ArticleInput, StoredTelegramPost, TelegramPostRecord } from './types.js';
import { chunks, placeholders, toIso } from './sql-values.js';

const UPSERT_POST = `
  INSERT INTO telegram_posts (key, feed_id, channel, post_id, text_hash, published, views, forwarded_from_name, forwarded_from_url,
    reply_to, media, link_preview_url, author, edited, edits, first_seen, last_seen)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
  ON CONFLICT (key) DO UPDATE SET
    edits = telegram_posts.edits + CASE WHEN telegram_posts.text_hash <> excluded.text_hash THEN 1 ELSE 0 END,
    text_hash = excluded.text_hash, views = COALESCE(excluded.views, telegram_posts.views),
    forwarded_from_name = excluded.forwarded_from_name, forwarded_from_url = excluded.forwarded_from_url,
    reply_to = excluded.reply_to, media = excluded.media, link_preview_url = excluded.link_preview_url,
    author = excluded.author, edited = excluded.edited, last_seen = excluded.last_seen`;

const UPDATE_ARTICLE = `
  UPDATE articles SET url = ?, canonical_url = ?, title = ?, text = ?, author = ?, published = ?, lang = ?, lang_confidence = ?,
    site_name = ?, method = ?, fetch_error = ? WHERE id = ?`;


export async function saveTelegramPosts(db: Db, posts: TelegramPostRecord[]): Promise<void> {
  if (posts.length === 0) return;
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    for (const p of posts) {
      await tx.run(UPSERT_POST, [
        p.key, p.feedId, p.channel, p.postId, p.textHash, toIso(p.published), p.views, p.forwardedFrom?.name ?? null, p.forwardedFrom?.url ?? null,
        p.replyTo, JSON.stringify(p.media), p.linkPreviewUrl, p.author, p.edited ? 1 : 0, now, now,
      ]);
    }
  });
}

function postFromRow(row: Row): StoredTelegramPost {
  const name = (row.forwarded_from_name as string) ?? null;
  return {
    key: row.key as string,
    feedId: row.feed_id as string,
    channel: row.channel as string,
    postId: Number(row.post_id),
    textHash: row.text_hash as string,
    published: toIso((row.published as string) ?? null),
    views: row.views == null ? null : Number(row.views),
    forwardedFrom: name ? { name, url: (row.forwarded_from_url as string) ?? null } : null,
    replyTo: (row.reply_to as string) ?? null,
    media: JSON.parse(row.media as string) as string[],
    linkPreviewUrl: (row.link_preview_url as string) ?? null,
    author: (row.author as string) ?? null,
    edited: Number(row.edited) === 1,
    edits: Number(row.edits),
    firstSeen: toIso(row.first_seen as string)!,
    lastSeen: toIso(row.last_seen as string)!,
  };
}

export async function telegramPosts(db: Db, keys: string[]): Promise<StoredTelegramPost[]> {
  const out: StoredTelegramPost[] = [];
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db.all(`SELECT * FROM telegram_posts WHERE key IN (${placeholders(part.length)}) ORDER BY channel, post_id`, part);
    out.push(...rows.map(postFromRow));
  }
  return out;
}

/**
 * Rewrite a stored article's row with `article` (same key). Returns false when nothing changed (the
 * same text again: a repeated job). The search index follows: on SQLite an indexed row's old stems leave
 * the contentless FTS5 table and the new ones enter it; on PostgreSQL the row's stems are rewritten.
 */
export async function rewriteArticle(tx: Executor, dialect: Db['dialect'], articleId: number, article: ArticleInput): Promise<boolean> {
  const old = await tx.get<{ title: string | null; text: string }>('SELECT title, text FROM articles WHERE id = ?', [articleId]);
  if (!old || (old.text === article.text && old.title === article.title)) return false;
  const indexed = dialect === 'sqlite'
    && Boolean(await tx.get('SELECT 1 AS yes FROM text_index_state WHERE indexed_through >= ?', [articleId]));
  if (indexed) {
    await tx.run("INSERT INTO articles_search (articles_search, rowid, title, body) VALUES ('delete', ?, ?, ?)",
      [articleId, stemmedText(old.title), stemmedText(old.text)]);
  }
  await tx.run(UPDATE_ARTICLE, [article.url, article.canonicalUrl, article.title, article.text, article.author, toIso(article.published),
    article.lang, article.langConfidence, article.siteName, article.method, article.fetchError, articleId]);
  if (indexed) {
    await tx.run('INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)', [articleId, stemmedText(article.title), stemmedText(article.text)]);
  }
  if (dialect === 'postgres') {
    const { sql, params } = postgresSearchColumn(article.title, article.text);
    await tx.run(`UPDATE articles SET search_stems = ${sql} WHERE id = ?`, [...params, articleId]);
  }
  return true;
}
