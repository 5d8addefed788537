/**
 * A feed served as gzip bytes (a .xml.gz, no Content-Encoding) is inflated by the feed reader under the
 * cap of `fetch.maxBytes`, not a fixed 32 MiB: a small cap refuses a feed that inflates past it
 * (kind too-large), a cap above 32 MiB reads a 34 MiB feed (past the old fixed 32 MiB).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { rssFeed } from '../helpers/fixture-server.js';

const MIB = 1024 * 1024;

/** An RSS feed of about `size` bytes: one item, padded with a comment after the root. */
function paddedFeed(size: number): Buffer {
  const feed = rssFeed('Padded', [{ title: 'One item', link: 'http://127.0.0.1/a' }]);
  return Buffer.from(`${feed}\n<!--${' '.repeat(Math.max(0, size - feed.length - 9))}-->\n`);
}

describe('decompressed-size cap follows fetch.maxBytes', () => {
  const e2e = useE2E({ routes: () => ({ '/big.xml.gz': { headers: { 'content-type': 'application/gzip' }, body: gzipSync(paddedFeed(34 * MIB)) } }) });
  const check = async (maxBytes: number) => {
    e2e.configure([], { fetch: { maxBytes } });
    const run = await runCli(['feeds', 'check', '--jsonl', `${e2e.server.url}/big.xml.gz`], e2e.env);
    return { run, result: jsonLines<{ ok: boolean; error: { kind: string; message: string } | null; items: unknown[] }>(run.stdout)[0]! };
  };

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
