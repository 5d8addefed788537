/**
 * Schema migrations, one entry per change, per dialect. Only ever append: a database records the
 * ids it has applied and runs the rest in order. Timestamps are ISO-8601 text in SQLite and
 * timestamptz in PostgreSQL (the driver hands both back as ISO strings).
 */
export interface Migration {
  id: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'feeds, seen items, articles, mentions, alerts',
    sqlite: `
      CREATE TABLE feeds (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        last_polled_at TEXT,
        last_status TEXT,
        last_http_status INTEGER,
        last_error TEXT,
        consecutive_errors INTEGER NOT NULL DEFAULT 0,
        next_poll_at TEXT,
        interval_ms INTEGER,
        disabled_reason TEXT,
        items_seen INTEGER NOT NULL DEFAULT 0,
        last_new_item_at TEXT
      );
      CREATE TABLE seen_items (
        key TEXT PRIMARY KEY,
        feed_id TEXT NOT NULL,
        first_seen TEXT NOT NULL
      );
      CREATE TABLE articles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        feed_id TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        title TEXT,
        text TEXT NOT NULL,
        author TEXT,
        published TEXT,
        lang TEXT NOT NULL,
        lang_confidence REAL NOT NULL,
        site_name TEXT,
        method TEXT NOT NULL,
        fetch_error TEXT,
        created TEXT NOT NULL
      );
      CREATE INDEX articles_feed ON articles (feed_id, created);
      CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        surface TEXT NOT NULL
      );
      CREATE INDEX mentions_article ON mentions (article_id);
      CREATE INDEX mentions_entity ON mentions (entity, article_id);
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        score REAL NOT NULL,
        priority TEXT NOT NULL,
        evidence TEXT NOT NULL,
        created TEXT NOT NULL,
        UNIQUE (article_id, rule)
      );
      CREATE INDEX alerts_created ON alerts (created);
      CREATE INDEX alerts_rule ON alerts (rule, created);
    `,
    postgres: `
      CREATE TABLE feeds (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        last_polled_at TIMESTAMPTZ,
        last_status TEXT,
        last_http_status INTEGER,
        last_error TEXT,
        consecutive_errors INTEGER NOT NULL DEFAULT 0,
        next_poll_at TIMESTAMPTZ,
        interval_ms BIGINT,
        disabled_reason TEXT,
        items_seen INTEGER NOT NULL DEFAULT 0,
        last_new_item_at TIMESTAMPTZ
      );
      CREATE TABLE seen_items (
        key TEXT PRIMARY KEY,
        feed_id TEXT NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE articles (
        id BIGSERIAL PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        feed_id TEXT NOT NULL,
        url TEXT,
        canonical_url TEXT,
        title TEXT,
        text TEXT NOT NULL,
        author TEXT,
        published TIMESTAMPTZ,
        lang TEXT NOT NULL,
        lang_confidence REAL NOT NULL,
        site_name TEXT,
        method TEXT NOT NULL,
        fetch_error TEXT,
        created TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX articles_feed ON articles (feed_id, created);
      CREATE TABLE mentions (
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        surface TEXT NOT NULL
      );
      CREATE INDEX mentions_article ON mentions (article_id);
      CREATE INDEX mentions_entity ON mentions (entity, article_id);
      CREATE TABLE alerts (
        id BIGSERIAL PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        score REAL NOT NULL,
        priority TEXT NOT NULL,
        evidence TEXT NOT NULL,
        created TIMESTAMPTZ NOT NULL,
        UNIQUE (article_id, rule)
      );
      CREATE INDEX alerts_created ON alerts (created);
      CREATE INDEX alerts_rule ON alerts (rule, created);
    `,
  },
  {
    id: 2,
    name: 'delivery ledger: deliveries and the alerts each claimed, once per subscription and channel',
    sqlite: `
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subscription TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        meta TEXT NOT NULL,
        error TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        sent_at TEXT
      );
      CREATE INDEX deliveries_status ON deliveries (status, subscription, channel);
      CREATE TABLE delivery_alerts (
        subscription TEXT NOT NULL,
        channel TEXT NOT NULL,
        alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        PRIMARY KEY (subscription, channel, alert_id)
      );
      CREATE INDEX delivery_alerts_delivery ON delivery_alerts (delivery_id)
    `,
    postgres: `
      CREATE TABLE deliveries (
        id BIGSERIAL PRIMARY KEY,
        subscription TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        meta TEXT NOT NULL,
        error TEXT,
        created TIMESTAMPTZ NOT NULL,
        updated TIMESTAMPTZ NOT NULL,
        sent_at TIMESTAMPTZ
      );
      CREATE INDEX deliveries_status ON deliveries (status, subscription, channel);
      CREATE TABLE delivery_alerts (
        subscription TEXT NOT NULL,
        channel TEXT NOT NULL,
        alert_id BIGINT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        delivery_id BIGINT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        PRIMARY KEY (subscription, channel, alert_id)
      );
      CREATE INDEX delivery_alerts_delivery ON delivery_alerts (delivery_id)
    `,
  },
  {
    id: 3,
    name: 'full-text search over article titles and bodies',
    // SQLite: an external-content FTS5 table (saveAnalysis inserts into it; 'rebuild' indexes rows stored
    // before this migration). PostgreSQL: a generated tsvector column with a GIN index. 'simple' (no
    // stemming) in both, since the articles are in several languages.
    sqlite: `
      CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
      INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')
    `,
    postgres: `
      ALTER TABLE articles ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED;
      CREATE INDEX articles_search ON articles USING GIN (search_vector)
    `,
  },
  {
    id: 4,
    name: 'SQLite: the full-text index is filled in batches (text-index.ts)',
    // Up to here saveAnalysis indexed each article as it stored it: everything stored is indexed.
    sqlite: `
      CREATE TABLE text_index_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL);
      INSERT INTO text_index_state (id, indexed_through) SELECT 1, coalesce(max(id), 0) FROM articles
    `,
    postgres: '',
  },
  {
    id: 15,
    name: 'feeds removed from the config are marked, not deleted (their articles stay)',
    sqlite: 'ALTER TABLE feeds ADD COLUMN removed_at TEXT',
    postgres: 'ALTER TABLE feeds ADD COLUMN removed_at TIMESTAMPTZ',
  },
  {
    id: 20,
    name: 'Telegram posts: what the channel preview says besides the text (views, forward, reply, media), and the text hash that tells edits',
    sqlite: `
      CREATE TABLE telegram_posts (
        key TEXT PRIMARY KEY,
        feed_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        post_id INTEGER NOT NULL,
        text_hash TEXT NOT NULL,
        published TEXT,
        views INTEGER,
        forwarded_from_name TEXT,
        forwarded_from_url TEXT,
        reply_to TEXT,
        media TEXT NOT NULL,
        link_preview_url TEXT,
        author TEXT,
        edited INTEGER NOT NULL DEFAULT 0,
        edits INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      CREATE INDEX telegram_posts_channel ON telegram_posts (channel, post_id)
    `,
    postgres: `
      CREATE TABLE telegram_posts (
        key TEXT PRIMARY KEY,
        feed_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        post_id BIGINT NOT NULL,
        text_hash TEXT NOT NULL,
        published TIMESTAMPTZ,
        views BIGINT,
        forwarded_from_name TEXT,
        forwarded_from_url TEXT,
        reply_to TEXT,
        media TEXT NOT NULL,
        link_preview_url TEXT,
        author TEXT,
        edited INTEGER NOT NULL DEFAULT 0,
        edits INTEGER NOT NULL DEFAULT 0,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX telegram_posts_channel ON telegram_posts (channel, post_id)
    `,
  },
  {
    id: 25,
    name: 'source registry: affiliation, country and owner of each source on its feed row (joined for alerts)',
    sqlite: `
      ALTER TABLE feeds ADD COLUMN affiliation TEXT;
      ALTER TABLE feeds ADD COLUMN country TEXT;
      ALTER TABLE feeds ADD COLUMN owner TEXT
    `,
    postgres: `
      ALTER TABLE feeds ADD COLUMN affiliation TEXT;
      ALTER TABLE feeds ADD COLUMN country TEXT;
      ALTER TABLE feeds ADD COLUMN owner TEXT
    `,
  },
  {
    id: 35,
    name: 'mentions: the field (title or body) their offsets point into',
    // Mentions stored before this were all found in the body.
    sqlite: `ALTER TABLE mentions ADD COLUMN field TEXT NOT NULL DEFAULT 'body'`,
    postgres: `ALTER TABLE mentions ADD COLUMN field TEXT NOT NULL DEFAULT 'body'`,
  },
  {
    id: 36,
    name: 'articles: the precision of the publication time (day: a date without a time)',
    // Rows stored before this have no precision (null: shown as before).
    sqlite: `ALTER TABLE articles ADD COLUMN published_precision TEXT`,
    postgres: `ALTER TABLE articles ADD COLUMN published_precision TEXT`,
  },
  {
    id: 40,
    name: 'search over stemmed words (src/search/stem.ts) in both stores',
    // The stems are computed in JS (the same stemmer at index and query time in both stores). SQLite: a
    // contentless FTS5 table over the stems replaces articles_fts; the watermark goes back to 0 so the
    // indexer (text-index.ts) indexes every stored article again. PostgreSQL: a tsvector column written
    // with each article replaces the generated one; SqlStore.migrate() fills it for stored articles.
    sqlite: `
      DROP TABLE IF EXISTS articles_fts;
      CREATE VIRTUAL TABLE articles_search USING fts5 (title, body, content='', tokenize='unicode61 remove_diacritics 0');
      UPDATE text_index_state SET indexed_through = 0
    `,
    postgres: `
      DROP INDEX IF EXISTS articles_search;
      ALTER TABLE articles DROP COLUMN IF EXISTS search_vector;
      ALTER TABLE articles ADD COLUMN search_stems tsvector;
      CREATE INDEX articles_search_stems ON articles USING GIN (search_stems)
    `,
  },
  {
    id: 41,
    name: 'narratives each article carries, with the claim and the sentence (src/narratives)',
    sqlite: `
      CREATE TABLE article_narratives (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        narrative TEXT NOT NULL,
        claim TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL
      );
      CREATE INDEX article_narratives_article ON article_narratives (article_id);
      CREATE INDEX article_narratives_narrative ON article_narratives (narrative, article_id)
    `,
    postgres: `
      CREATE TABLE article_narratives (
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        narrative TEXT NOT NULL,
        claim TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL
      );
      CREATE INDEX article_narratives_article ON article_narratives (article_id);
      CREATE INDEX article_narratives_narrative ON article_narratives (narrative, article_id)
    `,
  },
  {
    id: 42,
    name: 'retention: keys of pruned articles (tombstones, so a feed repeating one does not store it again); seen items by age',
    sqlite: `
      CREATE TABLE article_tombstones (key TEXT PRIMARY KEY, pruned_at TEXT NOT NULL);
      CREATE INDEX article_tombstones_pruned ON article_tombstones (pruned_at);
      CREATE INDEX seen_items_first_seen ON seen_items (first_seen);
      CREATE INDEX articles_created ON articles (created, id);
      CREATE INDEX deliveries_updated ON deliveries (updated)
    `,
    postgres: `
      CREATE TABLE article_tombstones (key TEXT PRIMARY KEY, pruned_at TIMESTAMPTZ NOT NULL);
      CREATE INDEX article_tombstones_pruned ON article_tombstones (pruned_at);
      CREATE INDEX seen_items_first_seen ON seen_items (first_seen);
      CREATE INDEX articles_created ON articles (created, id);
      CREATE INDEX deliveries_updated ON deliveries (updated)
    `,
  },
  {
    id: 45,
    name: 'stories: one event across outlets and languages (src/stories); each article keeps its story and the terms it was matched on',
    // Articles stored before this have no story (shown and digested as stories of their own).
    sqlite: `
      CREATE TABLE stories (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        first_article_id INTEGER NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        articles INTEGER NOT NULL DEFAULT 1,
        outlets INTEGER NOT NULL DEFAULT 1,
        langs TEXT NOT NULL
      );
      CREATE INDEX stories_last_seen ON stories (last_seen);
      ALTER TABLE articles ADD COLUMN story_id INTEGER;
      ALTER TABLE articles ADD COLUMN story_terms TEXT;
      ALTER TABLE articles ADD COLUMN story_numbers TEXT;
      CREATE INDEX articles_story ON articles (story_id, id)
    `,
    postgres: `
      CREATE TABLE stories (
        id BIGSERIAL PRIMARY KEY,
        first_article_id BIGINT NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        articles INTEGER NOT NULL DEFAULT 1,
        outlets INTEGER NOT NULL DEFAULT 1,
        langs TEXT NOT NULL
      );
      CREATE INDEX stories_last_seen ON stories (last_seen);
      ALTER TABLE articles ADD COLUMN story_id BIGINT;
      ALTER TABLE articles ADD COLUMN story_terms TEXT;
      ALTER TABLE articles ADD COLUMN story_numbers TEXT;
      CREATE INDEX articles_story ON articles (story_id, id)
    `,
  },
  {
    id: 52,
    name: 'analyst pages: articles indexed in publication order (newest-first lists, date ranges), mentions by article with their entity (tallies read the index alone), story members by outlet (a story summary counted in without a scan)',
    sqlite: `
      CREATE INDEX articles_published ON articles (COALESCE(published, created), id);
      CREATE INDEX mentions_article_entity ON mentions (article_id, entity);
      DROP INDEX mentions_article;
      CREATE INDEX articles_story_feed ON articles (story_id, feed_id)
    `,
    postgres: `
      CREATE INDEX articles_published ON articles ((COALESCE(published, created)), id);
      CREATE INDEX mentions_article_entity ON mentions (article_id, entity);
      DROP INDEX mentions_article;
      CREATE INDEX articles_story_feed ON articles (story_id, feed_id)
    `,
  },
  {
    id: 53,
    name: 'stories: candidate stories found through an indexed key table (entry, day, story), entry counts per block of 1,000 article ids for rarity, members by story and time',
    // story_keys: one row per watchlist entry, publication day and story with a member naming that entry
    // on that day; story_entry_counts: how many articles named an entry, per block of 1,000 article ids
    // (rarity over roughly the last 5,000 articles, read as at most six rows an entry). Both are filled
    // from what is stored, so a store upgraded with stories keeps finding them.
    sqlite: `
      CREATE TABLE story_keys (
        entity TEXT NOT NULL,
        day INTEGER NOT NULL,
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        PRIMARY KEY (entity, day, story_id)
      ) WITHOUT ROWID;
      CREATE INDEX story_keys_story ON story_keys (story_id);
      CREATE TABLE story_entry_counts (
        entity TEXT NOT NULL,
        block INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (entity, block)
      ) WITHOUT ROWID;
      CREATE INDEX articles_story_time ON articles (story_id, COALESCE(published, created));
      INSERT INTO story_keys (entity, day, story_id)
        SELECT DISTINCT m.entity, CAST(julianday(COALESCE(a.published, a.created)) - 2440587.5 AS INTEGER), a.story_id
        FROM mentions m JOIN articles a ON a.id = m.article_id JOIN stories s ON s.id = a.story_id;
      INSERT INTO story_entry_counts (entity, block, n)
        SELECT entity, article_id / 1000, COUNT(DISTINCT article_id) FROM mentions
        WHERE article_id > (SELECT COALESCE(MAX(id), 0) FROM articles) - 10000 GROUP BY entity, article_id / 1000
    `,
    postgres: `
      CREATE TABLE story_keys (
        entity TEXT NOT NULL,
        day INTEGER NOT NULL,
        story_id BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        PRIMARY KEY (entity, day, story_id)
      );
      CREATE INDEX story_keys_story ON story_keys (story_id);
      CREATE TABLE story_entry_counts (
        entity TEXT NOT NULL,
        block BIGINT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (entity, block)
      );
      CREATE INDEX articles_story_time ON articles (story_id, (COALESCE(published, created)));
      INSERT INTO story_keys (entity, day, story_id)
        SELECT DISTINCT m.entity, FLOOR(EXTRACT(EPOCH FROM COALESCE(a.published, a.created)) / 86400)::INTEGER, a.story_id
        FROM mentions m JOIN articles a ON a.id = m.article_id JOIN stories s ON s.id = a.story_id;
      INSERT INTO story_entry_counts (entity, block, n)
        SELECT entity, article_id / 1000, COUNT(DISTINCT article_id) FROM mentions
        WHERE article_id > (SELECT COALESCE(MAX(id), 0) FROM articles) - 10000 GROUP BY entity, article_id / 1000
    `,
  },
  {
    id: 54,
    name: 'spikes: each spike a rising rule raised, once per (rule, series, bucket, time), with the articles of its bucket and its alert',
    sqlite: `
      CREATE TABLE spikes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule TEXT NOT NULL,
        series TEXT NOT NULL,
        bucket TEXT NOT NULL,
        time TEXT NOT NULL,
        count INTEGER NOT NULL,
        sources INTEGER NOT NULL,
        expected REAL NOT NULL,
        sd REAL NOT NULL,
        score REAL NOT NULL,
        article_ids TEXT NOT NULL,
        alert_id INTEGER REFERENCES alerts (id) ON DELETE SET NULL,
        created TEXT NOT NULL,
        UNIQUE (rule, series, bucket, time)
      );
      CREATE INDEX spikes_time ON spikes (time);
      CREATE INDEX spikes_alert ON spikes (alert_id)
    `,
    postgres: `
      CREATE TABLE spikes (
        id BIGSERIAL PRIMARY KEY,
        rule TEXT NOT NULL,
        series TEXT NOT NULL,
        bucket TEXT NOT NULL,
        time TEXT NOT NULL,
        count INTEGER NOT NULL,
        sources INTEGER NOT NULL,
        expected REAL NOT NULL,
        sd REAL NOT NULL,
        score REAL NOT NULL,
        article_ids TEXT NOT NULL,
        alert_id BIGINT REFERENCES alerts (id) ON DELETE SET NULL,
        created TIMESTAMPTZ NOT NULL,
        UNIQUE (rule, series, bucket, time)
      );
      CREATE INDEX spikes_time ON spikes (time);
      CREATE INDEX spikes_alert ON spikes (alert_id)
    `,
  },
];
