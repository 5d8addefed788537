/**
 * After `feeds add|remove|import` writes config/feeds.yaml: bump the config generation in Redis so every
 * running `run` and `worker` process re-reads its config folder, on this host and on others (which
 * share Redis, not this file system). Best effort and quick: with no Redis reachable nothing runs that
 * could listen, and processes on this host see the file change anyway (they watch the folder).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { queuePrefix as envQueuePrefix } from '../settings/env.js';
import { ConfigError, configDir, loadConfig } from '../config/load.js';
import { bumpConfigGeneration } from '../pipeline/config-generation.js';
import { isSentinelUrl, sentinelOptions } from '../pipeline/redis-url.js';
import { environment, type GlobalOptions } from './context.js';

const CONNECT_TIMEOUT_MS = 1_500;
const DEFAULT_PREFIX = 'mediamon';

function queuePrefix(options: GlobalOptions): string {
  try {
    return loadConfig(configDir(options.config)).settings.queues.prefix;
  } catch (error) {
    // A config the change made invalid still gets announced: running processes log why they refuse it.
    if (error instanceof ConfigError) return envQueuePrefix(DEFAULT_PREFIX);
    throw error;
  }
}

/** Returns whether the generation was bumped (false: Redis not reachable). */
export async function announceConfigChange(options: GlobalOptions): Promise<boolean> {
  const url = environment().redisUrl;
  const quick: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: CONNECT_TIMEOUT_MS };
  const redis = isSentinelUrl(url) ? new Redis({ ...sentinelOptions(url), ...quick }) : new Redis(url, quick);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await bumpConfigGeneration(redis, queuePrefix(options));
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
