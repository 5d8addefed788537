/**
 * SQL for `mediamon reanalyze`: walk stored articles in id order, replace an article's mentions with a
 * fresh tagging, and add the alerts of rules that now fire (an alert already raised stays, once).
 */

/** Stored articles created at or after a time, in id order, one page after `afterId`. */
export const ARTICLES_SINCE = `
  SELECT id, feed_id, title, text, lang FROM articles
  WHERE created >= ? AND id > ? ORDER BY id LIMIT ?`;

export const DELETE_MENTIONS = 'DELETE FROM mentions WHERE article_id = ?';

/** One alert per (article, rule), whoever inserts it first: a rerun adds nothing. */
export const INSERT_ALERT = `
  INSERT INTO alerts (article_id, rule, score, priority, evidence, created) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (article_id, rule) DO NOTHING RETURNING id`;
