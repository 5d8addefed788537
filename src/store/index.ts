/**
 * Opening the store named by DATABASE_URL: `postgres://...` (optionally `?schema=NAME` to keep every
 * table in one schema) or `sqlite:PATH` (default `sqlite:./data/mediamon.db`).
 */
import { DEFAULT_DATABASE_URL, redactDatabaseUrl } from '../settings/env.js';
import { PostgresDb, SqliteDb } from './db.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

export type { Store } from './types.js';
export * from './types.js';

export { DEFAULT_DATABASE_URL, redactDatabaseUrl };

export interface OpenStoreOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size per process (default 10). */
  poolSize?: number;
}


/** Open (and by default migrate) the store a database URL names. */
export async function openStore(url: string = DEFAULT_DATABASE_URL, options: OpenStoreOptions = {}): Promise<Store> {
  let store: SqlStore;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`store: invalid schema name '${schema}' in DATABASE_URL`);
    const db = new PostgresDb(parsed.toString(), schema, options.poolSize);
    try {
      await db.ensureSchema();
    } catch (error) {
      await db.close();
      throw new Error(`store: cannot reach PostgreSQL at ${redactDatabaseUrl(url)}: ${(error as Error).message}`);
    }
    store = new SqlStore(db);
  } else if (url.startsWith('sqlite:')) {
    store = new SqlStore(new SqliteDb(url.slice('sqlite:'.length) || ':memory:'));
  } else {
    throw new Error(`store: DATABASE_URL must start with postgres:// or sqlite: (got '${redactDatabaseUrl(url)}')`);
  }
  if (options.migrate !== false) await store.migrate();
  return store;
}
