/**
 * The benchmark's own database and Redis keys: a SQLite file in the run's temp folder or a fresh
 * PostgreSQL schema (dropped afterwards), and a Redis prefix whose keys are all deleted afterwards.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { PostgresDb, SqliteDb, type Db } from '../../../src/store/db.js';
import { pgSchema, REDIS_URL } from '../../helpers/services.js';

const SCAN_COUNT = 1000;

export async function freshDatabase(kind: 'sqlite' | 'pg', dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'pg') return pgSchema();
  // The file goes with the temp folder.
  return { url: `sqlite:${path.join(dir, 'bench.db')}`, drop: async () => undefined };
}

/** The raw SQL connection behind a DATABASE_URL (the bench reads timestamps the Store does not expose). */
export function openRawDb(url: string): Db {
  if (url.startsWith('sqlite:')) return new SqliteDb(url.slice('sqlite:'.length));
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return new PostgresDb(parsed.toString(), schema, 2);
}

/** Deletes every key under `prefix:`. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
