/**
 * Redis memory per waiting job: N fetch jobs, then N analyze jobs, then N page blobs added under a
 * scratch prefix with the real queue options and PageBlobs, INFO used_memory read before and after each
 * step; everything deleted afterwards. Other clients of the same Redis add noise: N is large.
 */
import { Redis } from 'ioredis';
import { openQueues, type AnalyzePayload, type FetchPayload } from '../../../src/queues/index.js';
import { analyzeJobId, fetchJobId } from '../../../src/queues/ids.js';
import { PageBlobs } from '../../../src/pipeline/page-blobs.js';
import { REDIS_URL } from '../../helpers/services.js';
import { round } from '../harness.js';
import { dropRedisPrefix } from './services.js';
import { feedItemOf, type NewsSite } from './site.js';

const BULK = 500;

export interface RedisMemory {
  jobs: number;
  fetch_bytes_per_job: number;
  analyze_bytes_per_job: number;
  blob_bytes_per_page: number;
  /** MB of Redis memory per 1,000 waiting analyze jobs, their page blobs included. */
  mb_per_1000_waiting_analyze: number;
  mb_per_1000_waiting_fetch: number;
  mean_page_kb: number;
  mean_blob_kb: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
}

async function delta(redis: Redis, step: () => Promise<void>): Promise<number> {
  const before = await usedMemory(redis);
  await step();
  return (await usedMemory(redis)) - before;
}

export async function measureRedisMemory(site: NewsSite): Promise<RedisMemory> {
  const prefix = `mmbenchmem_${Date.now().toString(36)}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = openQueues(redis, prefix);
  const blobs = new PageBlobs(redis, prefix);
  const articles = site.articles;
  const fetchPayload = (a: NewsSite['articles'][number]): FetchPayload => ({
    key: a.key, feedId: `bench-${a.feeds[0]}`, url: a.link, feedLanguage: 'en', item: { ...feedItemOf(a), guid: a.link },
  });
  try {
    await queues.queues.fetch.waitUntilReady();
    const inBulks = async (add: (part: typeof articles) => Promise<unknown>) => {
      for (let i = 0; i < articles.length; i += BULK) await add(articles.slice(i, i + BULK));
    };
    const fetchBytes = await delta(redis, () => inBulks((part) => queues.queues.fetch.addBulk(part.map((a) => ({ name: 'fetch', data: fetchPayload(a), opts: { jobId: fetchJobId(a.key) } })))));
    let pageBytes = 0;
    let blobBytes = 0;
    const blobKeys: string[] = [];
    const blobMem = await delta(redis, async () => {
      for (const a of articles) {
        const html = site.htmlOf(a);
        pageBytes += Buffer.byteLength(html);
        blobKeys.push(await blobs.put(a.key, html));
        blobBytes += (await redis.strlen(blobKeys.at(-1)!));
      }
    });
    const analyzeBytes = await delta(redis, () => inBulks((part) => queues.queues.analyze.addBulk(part.map((a) => {
      const data: AnalyzePayload = { ...fetchPayload(a), pageBlob: blobs.keyFor(a.key), finalUrl: a.link, contentLanguage: null, fetchError: null };
      return { name: 'analyze', data, opts: { jobId: analyzeJobId(a.key) } };
    }))));
    const n = articles.length;
    return {
      jobs: n,
      fetch_bytes_per_job: round(fetchBytes / n, 0),
      analyze_bytes_per_job: round(analyzeBytes / n, 0),
      blob_bytes_per_page: round(blobMem / n, 0),
      mb_per_1000_waiting_analyze: round(((analyzeBytes + blobMem) / n) * 1000 / 2 ** 20, 2),
      mb_per_1000_waiting_fetch: round((fetchBytes / n) * 1000 / 2 ** 20, 2),
      mean_page_kb: round(pageBytes / n / 1024, 1),
      mean_blob_kb: round(blobBytes / n / 1024, 1),
    };
  } finally {
    await queues.close();
    redis.disconnect();
    await dropRedisPrefix(prefix);
  }
}
