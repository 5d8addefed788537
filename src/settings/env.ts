/**
 * Every environment variable mediamon reads, in one place, with what it does and its default. The
 * docker-compose test checks the compose file against this list; README material comes from it too.
 * Webhook HMAC secrets are read from variables the subscriptions name (`secretEnv`), so they are not
 * listed here.
 */
import { z } from 'zod';

export interface EnvVar {
  name: string;
  description: string;
  /** The default when unset, or null when unset means "off". */
  default: string | null;
  /** Printed redacted wherever config is shown. */
  secret?: boolean;
}

/** Where the queues live unless REDIS_URL says otherwise. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** The embedded store unless DATABASE_URL says otherwise. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/mediamon.db';

/** Describe a database (or Redis) URL without its password, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

export const ENV_VARS: readonly EnvVar[] = [
  { name: 'MEDIAMON_CONFIG', description: 'config folder (same as --config)', default: './config' },
  { name: 'REDIS_URL', description: 'Redis for the queues: redis://[user:pass@]host:port[/db], rediss:// for TLS, redis-sentinel://h1:26379,h2:26379/<master> behind Sentinel', default: 'redis://127.0.0.1:6379' },
  { name: 'DATABASE_URL', description: 'postgres://user:pass@host/db[?schema=NAME&sslmode=require] or sqlite:PATH', default: 'sqlite:./data/mediamon.db' },
  { name: 'MEDIAMON_ALLOW_HOSTS', description: 'comma-separated hosts or CIDRs exempt from the private-network guard', default: null },
  { name: 'MEDIAMON_QUEUE_PREFIX', description: 'Redis key prefix of the queues (overrides queues.prefix)', default: 'mediamon' },
  { name: 'MEDIAMON_LOG_LEVEL', description: 'trace, debug, info, warn, error or silent (same as --log-level)', default: 'info' },
  { name: 'MEDIAMON_TOKEN', description: 'HTTP server: bearer token (Authorization: Bearer T, or ?token=T once per browser)', default: null, secret: true },
  { name: 'MEDIAMON_SESSION_SECRET', description: 'HTTP server: key signing browser session cookies (default: derived from MEDIAMON_TOKEN, so a new token ends every session)', default: null, secret: true },
  { name: 'MEDIAMON_USER', description: 'HTTP server: basic-auth user (with MEDIAMON_PASSWORD)', default: null },
  { name: 'MEDIAMON_PASSWORD', description: 'HTTP server: basic-auth password (with MEDIAMON_USER)', default: null, secret: true },
  { name: 'SMTP_URL', description: 'default SMTP server of e-mail channels, e.g. smtp://user:pass@mail.example.org:587', default: null, secret: true },
  { name: 'MEDIAMON_DIGEST_TO', description: 'comma-separated addresses that get the digests of subscriptions with emailFromEnv (with SMTP_URL)', default: null },
  { name: 'MEDIAMON_DIGEST_FROM', description: 'From: address of those digests', default: 'mediamon <mediamon@localhost>' },
  { name: 'MEDIAMON_WATCH_CONFIG', description: '0: do not reload the config folder when its files change; 1: do (overrides run.watchConfig, default on)', default: null },
  { name: 'MEDIAMON_RUN_CHILD', description: 'set by `run` for its analyze child processes (they reload quietly: the parent logs it)', default: null },
  { name: 'MEDIAMON_LOCK_DURATION_MS', description: 'BullMQ job lock duration in ms (stalled jobs are taken over after it)', default: '30000' },
];

/** The names of every variable in ENV_VARS. */
export const KNOWN_ENV_NAMES: ReadonlySet<string> = new Set(ENV_VARS.map((v) => v.name));

/** Whether mediamon reads a variable of this name. */
export function isKnownEnv(name: string): boolean {
  return KNOWN_ENV_NAMES.has(name);
}

/** Optional text: unset and empty both mean "not given". */
const text = z.string().optional().transform((v) => v || undefined);
/** A comma-separated list (empty items dropped). */
const list = z.string().optional().transform((v) => (v ?? '').split(',').map((item) => item.trim()).filter(Boolean));
const MIN_LOCK_MS = 1_000;

/**
 * The environment as mediamon reads it: one zod schema, one field per variable of ENV_VARS (the env
 * test keeps the two lists equal). Read a whole environment with readEnv(), one variable with envValue().
 */
export const EnvSchema = z.object({
  MEDIAMON_CONFIG: z.string().optional(),
  REDIS_URL: text.transform((v) => v ?? DEFAULT_REDIS_URL),
  DATABASE_URL: text.transform((v) => v ?? DEFAULT_DATABASE_URL),
  MEDIAMON_ALLOW_HOSTS: list,
  MEDIAMON_QUEUE_PREFIX: text,
  MEDIAMON_LOG_LEVEL: text,
  MEDIAMON_TOKEN: text,
  MEDIAMON_SESSION_SECRET: text,
  MEDIAMON_USER: text,
  MEDIAMON_PASSWORD: text,
  SMTP_URL: text,
  MEDIAMON_DIGEST_TO: list,
  MEDIAMON_DIGEST_FROM: text,
  /** 1/true: on, 0/false: off, anything else: unset (the setting decides). */
  MEDIAMON_WATCH_CONFIG: z.string().optional().transform((v) => {
    const value = v?.trim();
    if (value === '1' || value === 'true') return true;
    if (value === '0' || value === 'false') return false;
    return undefined;
  }),
  MEDIAMON_RUN_CHILD: z.string().optional().transform((v) => v === '1'),
  MEDIAMON_LOCK_DURATION_MS: text.transform((raw, ctx) => {
    if (raw === undefined) return undefined;
    const ms = Number(raw);
    if (Number.isInteger(ms) && ms >= MIN_LOCK_MS) return ms;
    ctx.addIssue({ code: 'custom', message: `must be a whole number of ms >= ${MIN_LOCK_MS} (got '${raw}')` });
    return z.NEVER;
  }),
});

export type EnvName = keyof typeof EnvSchema.shape;
export type Env = Readonly<z.output<typeof EnvSchema>>;

/** The process's environment: the one place mediamon touches process.env. Child processes inherit it. */
export function processEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/** One variable, parsed; throws `env: NAME must be ...` when its value is not valid. */
export function envValue<N extends EnvName>(name: N, env: NodeJS.ProcessEnv = processEnv()): z.output<(typeof EnvSchema.shape)[N]> {
  const result = EnvSchema.shape[name].safeParse(env[name]);
  if (!result.success) throw new Error(`env: ${name} ${result.error.issues[0]?.message ?? 'is not valid'}`);
  return result.data as z.output<(typeof EnvSchema.shape)[N]>;
}

/** Every variable, parsed, frozen; throws on the first one that is not valid. */
export function readEnv(env: NodeJS.ProcessEnv = processEnv()): Env {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(EnvSchema.shape) as EnvName[]) out[name] = envValue(name, env);
  return Object.freeze(out) as Env;
}

export interface Environment {
  redisUrl: string;
  databaseUrl: string;
}

/** Where the queues and the store are: REDIS_URL and DATABASE_URL, or their defaults. */
export function environment(env: NodeJS.ProcessEnv = processEnv()): Environment {
  return { redisUrl: envValue('REDIS_URL', env), databaseUrl: envValue('DATABASE_URL', env) };
}

/** MEDIAMON_WATCH_CONFIG as a choice: true (1), false (0), or undefined (unset: the setting decides). */
export function watchConfigFromEnv(env: NodeJS.ProcessEnv = processEnv()): boolean | undefined {
  return envValue('MEDIAMON_WATCH_CONFIG', env);
}

/** Whether this process is one of `run`'s analyze children. */
export function isRunChild(env: NodeJS.ProcessEnv = processEnv()): boolean {
  return envValue('MEDIAMON_RUN_CHILD', env);
}

/**
 * The queue prefix: MEDIAMON_QUEUE_PREFIX when set, else settings.queues.prefix. The one place this
 * precedence is written; loadConfig applies it, so config.settings.queues.prefix is the answer.
 */
export function queuePrefix(settingsPrefix: string, env: NodeJS.ProcessEnv = processEnv()): string {
  return envValue('MEDIAMON_QUEUE_PREFIX', env) ?? settingsPrefix;
}
