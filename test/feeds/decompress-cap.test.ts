/**
 * A feed served as gzip bytes (a .xml.gz, no Content-Encoding) is inflated by the feed reader under the
 * cap of `fetch.maxBytes`, not a fixed 32 MiB: a small cap refuses a feed that inflates past it
 * (kind too-large), a cap above 32 MiB reads a 34 MiB feed (past the old fixed 32 MiB).
 */
import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { rssFeed, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { redisPrefix, tempDir } from '../helpers/services.js';

const MIB = 1024 * 1024;

/** An RSS feed of about `size` bytes: one item, padded with a comment after the root. */
function paddedFeed(size: number): Buffer {
  const feed = rssFeed('Padded', [{ title: 'One item', link: 'http://127.0.0.1/a' }]);
  return Buffer.from(`${feed}\n<!--${' '.repeat(Math.max(0, size - feed.length - 9))}-->\n`);
}

describe('decompressed-size cap follows fetch.maxBytes', () => {
  let server: FixtureServer;
  const temp = tempDir();
  const redis = redisPrefix();
  const check = async (maxBytes: number) => {
    const dir = path.join(temp.dir, String(maxBytes));
    mkdirSync(dir);
    writeTestConfig(dir, [], { fetch: { maxBytes } });
    const env = cliEnv({ configDir: dir, prefix: redis.prefix, databaseUrl: `sqlite:${path.join(dir, 'db.sqlite')}` });
    const run = await runCli(['feeds', 'check', '--jsonl', `${server.url}/big.xml.gz`], env);
    return { run, result: jsonLines<{ ok: boolean; error: { kind: string; message: string } | null; items: unknown[] }>(run.stdout)[0]! };
  };

  beforeAll(async () => {
    const gz = gzipSync(paddedFeed(34 * MIB));
    server = await startFixtureServer({ '/big.xml.gz': { headers: { 'content-type': 'application/gzip' }, body: gz } });
  });
  afterAll(async () => {
    await server?.close();
    await redis.drop();
    temp.drop();
  });

  it('refuses a feed that inflates past a small cap, naming too-large', async () => {
    const { run, result } = await check(MIB);
    expect(run.code).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('too-large');
    expect(result.error?.message).toMatch(/exceeds 1048576 bytes/);
  });

  it('reads a 34 MiB feed (past the old fixed 32 MiB) when fetch.maxBytes allows 64 MiB', async () => {
    const { run, result } = await check(64 * MIB);
    expect(run.code, run.stderr).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.items).toHaveLength(1);
  });
});
