/**
 * Real services for tests, each isolated: a PostgreSQL schema of its own, a Redis key prefix of its own,
 * a temp folder of its own. Everything is removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export { REPO_ROOT, SHARED_DATA } from './paths.js';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A fresh PostgreSQL schema; the URL selects it with ?schema=. */
export async function pgSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = uniqueName('t');
  return {
    url: `${PG_URL}?schema=${schema}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh queue prefix; drop() deletes every key under it. */
export function redisPrefix(): { prefix: string; drop(): Promise<void> } {
  const prefix = uniqueName('mmtest');
  return {
    prefix,
    drop: async () => {
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

export function tempDir(): { dir: string; drop(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediamon-test-'));
  return { dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
}
