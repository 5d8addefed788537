/**
 * The two SQL drivers behind the store: better-sqlite3 (embedded default) and pg (several hosts).
 * Both speak `?` placeholders and return plain rows with ISO-8601 strings for timestamps, so the
 * store above them is written once.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export type Row = Record<string, unknown>;
export type Params = readonly unknown[];

/** What one statement executor can do; a transaction body gets one too. */
export interface Executor {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<{ changes: number }>;
}

export interface Db extends Executor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /** Run a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  /** Hold a lock across processes while `fn` runs (used to run migrations once). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a statement may wait for another process's write lock before it fails. */
const SQLITE_BUSY_LIMIT_MS = 10_000;
/** Waits between tries: short at first (locks are held for ~1 ms), never long enough to matter. */
const SQLITE_BUSY_STEP_MS = [1, 2, 4, 8, 16, 32];

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}

/** better-sqlite3 is synchronous; a promise chain keeps one async transaction from interleaving with
 *  other statements issued by the same process between its awaits. */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private lock: Promise<void> = Promise.resolve();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // No waiting inside SQLite: its busy handler sleeps the whole thread (1-10 ms naps), stalling every
    // other job of the process. A busy write is retried on a timer instead (see `locked`).
    this.db.pragma('busy_timeout = 0');
    this.db.pragma('foreign_keys = ON');
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private direct: Executor = {
    all: async <T>(sql: string, params: Params = []) => this.prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: Params = []) => this.prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: Params = []) => ({ changes: this.prepare(sql).run(...params).changes }),
  };

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.lock;
    let release!: () => void;
    this.lock = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await this.whileBusy(fn);
    } finally {
      release();
    }
  }

  /** Run `fn`, trying again on a timer while another process holds the write lock. */
  private async whileBusy<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + SQLITE_BUSY_LIMIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        const step = SQLITE_BUSY_STEP_MS[Math.min(attempt, SQLITE_BUSY_STEP_MS.length - 1)]!;
        await new Promise((resolve) => setTimeout(resolve, step));
      }
    }
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.locked(() => this.direct.all<T>(sql, params));
  }
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return this.locked(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: Params): Promise<{ changes: number }> {
    return this.locked(() => this.direct.run(sql, params));
  }

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async exec(sql: string): Promise<void> {
    await this.locked(async () => void this.db.exec(sql));
  }

  withLock<T>(fn: () => Promise<T>): Promise<T> {
    // Migrations run inside their own BEGIN IMMEDIATE, which already excludes other processes.
    return fn();
  }

  async close(): Promise<void> {
    await this.lock;
    this.db.close();
  }
}

/** `?` placeholders to PostgreSQL's `$1, $2, ...` (no `?` appears in our SQL otherwise). */
function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Timestamps come back from pg as Date; the store speaks ISO strings. */
function normaliseRow(row: Row): Row {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (value instanceof Date) row[key] = value.toISOString();
    else if (typeof value === 'bigint') row[key] = Number(value);
  }
  return row;
}

function pgExecutor(client: pg.Pool | pg.PoolClient): Executor {
  return {
    all: async <T>(sql: string, params: Params = []) =>
      (await client.query(toPgPlaceholders(sql), params as unknown[])).rows.map(normaliseRow) as T[],
    get: async <T>(sql: string, params: Params = []) => {
      const { rows } = await client.query(toPgPlaceholders(sql), params as unknown[]);
      return rows[0] ? (normaliseRow(rows[0]) as T) : undefined;
    },
    run: async (sql: string, params: Params = []) => ({
      changes: (await client.query(toPgPlaceholders(sql), params as unknown[])).rowCount ?? 0,
    }),
  };
}

// Parse BIGINT (int8) and NUMERIC as numbers: our ids and counts fit in 2^53.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

const MIGRATION_LOCK_KEY = 727_274_001;

/** PostgreSQL through a pool. An optional `schema` puts every table in that schema (tests, tenants). */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly executor: Executor;

  constructor(connectionString: string, readonly schema: string | null, poolSize = 10) {
    this.pool = new pg.Pool({
      connectionString,
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      // The schema is set at connection start-up, before any query can run on the client.
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    // An idle client's error (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.executor = pgExecutor(this.pool);
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.executor.all<T>(sql, params);
  }
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return this.executor.get<T>(sql, params);
  }
  run(sql: string, params?: Params): Promise<{ changes: number }> {
    return this.executor.run(sql, params);
  }

  /**
   * Borrow a client for `fn`. A connection that drops while borrowed emits 'error' on the client (the
   * pool only listens on idle ones): without a listener that would crash the process. The failing
   * query rejects anyway; the broken client is destroyed on release instead of going back to the pool.
   */
  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      return await fn(client);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      try {
        await client.query('BEGIN');
        const result = await fn(pgExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    });
  }

  async ensureSchema(): Promise<void> {
    if (this.schema) await this.pool.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
