/**
 * Pages travel from fetch to analyze as compressed blobs in Redis under their own key, so a waiting job
 * carries only keys and small metadata. A blob outlives its job by hours (retries, stalled jobs) and
 * then expires; analyze deletes it once the article is stored.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import type { Redis } from 'ioredis';
import { jobId } from '../queues/index.js';

const BLOB_TTL_S = 3 * 86_400;

export class PageBlobs {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  keyFor(articleKey: string): string {
    return `${this.prefix}:page:${jobId('p', articleKey)}`;
  }

  async put(articleKey: string, html: string): Promise<string> {
    const key = this.keyFor(articleKey);
    const packed = gzipSync(Buffer.from(html, 'utf8'), { level: constants.Z_BEST_SPEED });
    await this.redis.set(key, packed, 'EX', BLOB_TTL_S);
    return key;
  }

  /** The page, or null when the blob has expired or was never written. */
  async get(key: string): Promise<string | null> {
    const packed = await this.redis.getBuffer(key);
    return packed ? gunzipSync(packed).toString('utf8') : null;
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
