/**
 * t.me politeness shared through Redis: the preview's host gets one request at a time across every
 * client (settings.telegram.requestGap apart), while other hosts keep the general limits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/settings/schema.js';
import type { Config } from '../../src/config/load.js';
import { RedisPoliteness } from '../../src/fetch/politeness.js';
import { connectRedis, telegramPoliteness } from '../../src/pipeline/runtime.js';
import { REDIS_URL, redisPrefix } from '../helpers/services.js';

const HOLD_MS = 30;
const TASKS = 8;

describe('telegram politeness', () => {
  const redis = redisPrefix();
  const connections = [connectRedis(REDIS_URL), connectRedis(REDIS_URL)];

  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await redis.drop();
  });

  it('derives the host and gap from settings.telegram', () => {
    const settings = SettingsSchema.parse({ telegram: { baseUrl: 'http://127.0.0.1:8099/s/', requestGap: '2s' } });
    expect(telegramPoliteness({ settings } as Config)).toEqual({ '127.0.0.1:8099': { concurrency: 1, minDelayMs: 2000 } });
    expect(telegramPoliteness({ settings: SettingsSchema.parse({}) } as Config)).toEqual({ 't.me': { concurrency: 1, minDelayMs: 1000 } });
  });

  it('keeps one request in flight to t.me across clients, and more to other hosts', async () => {
    const gates = connections.map((c) => new RedisPoliteness(c, redis.prefix, { concurrency: 4, minDelayMs: 0, hosts: { 't.me': { concurrency: 1, minDelayMs: 0 } } }));
    const most = async (host: string) => {
      let inFlight = 0;
      let peak = 0;
      await Promise.all(Array.from({ length: TASKS }, async (_, i) => {
        const release = await gates[i % 2]!.acquire(host);
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, HOLD_MS));
        inFlight--;
        await release();
      }));
      return peak;
    };
    expect(await most('t.me')).toBe(1);
    expect(await most('news.example')).toBeGreaterThan(1);
  });
});
