/**
 * The pipeline in the test's own process, on the world `useE2E` set up: a Runtime over the test's config
 * folder, Redis prefix and store, and (when stages are named) a worker host running them, as `mediamon
 * worker <stages>` would. For tests that drive or watch the stages directly (pollFeed, a queue's jobs, a
 * worker's events) instead of through a child process. Call it after `useE2E` (and after any beforeAll
 * that finishes the config): the runtime is built from the config as it stands then.
 *
 *   const e2e = useE2E({ routes, feeds });
 *   const world = useRuntime(e2e, { stages: ['poll', 'fetch'] });
 *   it('...', async () => { await world.rt.queues.queues.poll.add(...); });
 *
 * Closed after the block (the host, then the runtime), before useE2E drops the services.
 */
import type { Logger } from 'pino';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startHost, type Host } from '../../src/cli/host.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { openQueues, type QueueSet, type Stage } from '../../src/queues/index.js';
import type { E2E } from './e2e.js';
import { REDIS_URL, redisPrefix } from './services.js';

export interface RuntimeWorldOptions {
  /** Where the runtime logs (default: nowhere). */
  logger?: Logger;
  /** Stages to run in a worker host in this process (default: none, the test drives the stages). */
  stages?: readonly Stage[];
}

export interface RuntimeWorld {
  rt: Runtime;
  /** The worker host, when stages were named. */
  host?: Host;
}

export function useRuntime(e2e: E2E, options: RuntimeWorldOptions = {}): RuntimeWorld {
  const world = {} as RuntimeWorld;
  beforeAll(async () => {
    // The environment a `mediamon` child gets, so the config is read as the CLI reads it.
    const config = loadConfig(e2e.dir, e2e.env);
    const { analysisThreads, ...rt } = await createRuntime(config, { redisUrl: REDIS_URL, databaseUrl: e2e.databaseUrl, logger: options.logger ?? silentLogger, prefix: e2e.prefix });
    // Analysis in line, in this process: a worker thread loads its code outside vitest's module loader
    // (analysis threads are not what these tests exercise).
    await analysisThreads?.close();
    world.rt = rt;
    // The host closes the runtime after its workers; without one the runtime is closed directly.
    if (options.stages) world.host = startHost(rt, options.stages);
    const owner = world.host ?? rt;
    e2e.onClose(() => owner.close());
  });
  return world;
}

/** The queues alone, on a fresh Redis prefix: closed, and the prefix's keys dropped, after the block. */
export function useQueues(): { queues: QueueSet; prefix: string } {
  const redis = redisPrefix();
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = openQueues(connection, redis.prefix);
  afterAll(async () => {
    await queues.close();
    connection.disconnect();
    await redis.drop();
  });
  return { queues, prefix: redis.prefix };
}
