/**
 * REDIS_URL forms: `redis://[user:pass@]host:port[/db]`, `rediss://...` (TLS), and
 * `redis-sentinel://[:pass@]host1:26379,host2:26379/<master name>[?db=N&sentinelPassword=...]` for a
 * Redis behind Sentinel (the client asks the sentinels where the primary is, and follows failovers).
 */
import type { RedisOptions } from 'ioredis';

const SENTINEL = /^redis-sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)\/([^/?]+)(?:\?(.*))?$/;
const DEFAULT_SENTINEL_PORT = 26379;

export function isSentinelUrl(url: string): boolean {
  return url.startsWith('redis-sentinel://');
}

/** ioredis options for a sentinel URL (throws on a malformed one). */
export function sentinelOptions(url: string): RedisOptions {
  const match = SENTINEL.exec(url);
  if (!match) throw new Error(`redis: not a sentinel URL: ${url.replace(/:[^:@/]*@/, ':***@')} (use redis-sentinel://host:26379,host2:26379/mymaster)`);
  const [, username, password, hosts, name, query] = match;
  const params = new URLSearchParams(query ?? '');
  const sentinels = hosts!.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host: host!, port: port ? Number(port) : DEFAULT_SENTINEL_PORT };
  });
  const options: RedisOptions = { sentinels, name: decodeURIComponent(name!) };
  if (username) options.username = decodeURIComponent(username);
  if (password) options.password = decodeURIComponent(password);
  if (params.get('db')) options.db = Number(params.get('db'));
  if (params.get('sentinelPassword')) options.sentinelPassword = params.get('sentinelPassword')!;
  return options;
}
