/**
 * Pages travel from fetch to analyze as compressed blobs in Redis under their own key, so a waiting job
 * carries only keys and small metadata. A blob outlives its job by hours (retries, stalled jobs) and
 * then expires; analyze deletes it once the article is stored.
 *
 * Blobs are Brotli at quality 1: on the benchmark's news pages (130 KB on average) it compresses in
 * about half the CPU time of gzip level 1 to a slightly smaller blob (~23 KB), and decompresses as fast
 * (test/bench/pipeline.ts). The codec is named in the key, so a gzip blob written by an older version
 * and still waiting in Redis is read back with gunzip.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { pageBlobId } from '../queues/ids.js';

const BLOB_TTL_S = 3 * 86_400;
const BROTLI_QUALITY = 1;
/** Key segments naming the codec: current (Brotli) and the earlier gzip blobs. */
const BROTLI_SEGMENT = ':page-br:';
const GZIP_SEGMENT = ':page:';

export class PageBlobs {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  keyFor(articleKey: string): string {
    return `${this.prefix}${BROTLI_SEGMENT}${pageBlobId(articleKey)}`;
  }

  /** Store a page: decoded text, or bytes that are already its UTF-8 encoding. */
  async put(articleKey: string, page: string | Uint8Array): Promise<string> {
    const key = this.keyFor(articleKey);
    const bytes = typeof page === 'string' ? Buffer.from(page, 'utf8') : page;
    const packed = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    await this.redis.set(key, packed, 'EX', BLOB_TTL_S);
    return key;
  }

  /** The page, or null when the blob has expired or was never written. */
  async get(key: string): Promise<string | null> {
    const packed = await this.redis.getBuffer(key);
    if (!packed) return null;
    const bytes = key.includes(GZIP_SEGMENT) ? gunzipSync(packed) : brotliDecompressSync(packed);
    return bytes.toString('utf8');
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
