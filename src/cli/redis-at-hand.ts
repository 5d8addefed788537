/**
 * Redis at hand for `mediamon run`: use REDIS_URL when something answers there; when nothing does, the
 * URL is local and a redis-server binary is installed, start a private one (data under ./data/redis,
 * append-only) and stop it on exit; otherwise say exactly how to get Redis.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { isSentinelUrl } from '../pipeline/redis-url.js';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const START_TIMEOUT_MS = 10_000;

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface RedisAtHand {
  url: string;
  /** Stops the private server, when one was started. */
  stop(): Promise<void>;
}

export const HOW_TO_GET_REDIS =
  'install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and run mediamon again, ' +
  'or start one with docker compose up -d redis, or point REDIS_URL at a running server';

export async function redisAtHand(url: string, dataDir: string, logger: Logger): Promise<RedisAtHand> {
  // Behind Sentinel the client finds the primary itself; there is nothing to start here.
  if (isSentinelUrl(url) || (await answers(url))) return { url, stop: async () => undefined };
  const parsed = new URL(url);
  if (!LOCAL_HOSTS.has(parsed.hostname) || !hasRedisServer()) {
    throw new Error(`redis: nothing answers at ${parsed.host}: ${HOW_TO_GET_REDIS}`);
  }
  const dir = path.resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = parsed.port || '6379';
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis: could not start a private redis-server on port ${port} (see ${dir}/redis.log)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  logger.info({ port, dir }, 'redis: nothing answered, started a private redis-server (stopped on exit)');
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
}
