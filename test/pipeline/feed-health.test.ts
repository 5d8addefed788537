/**
 * Feed health in an operator's words: the likely common cause of failing feeds, read from the errors
 * the fetch layer records (table-driven), when "most feeds fail", and that removed and disabled-in-config
 * feeds do not count. Also: the offline example of the README's quick start raises its alert.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../src/settings/schema.js';
import { failureCause, feedHealth, healthSentence } from '../../src/pipeline/feed-health.js';
import type { FeedState } from '../../src/store/types.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/services.js';

function state(id: string, over: Partial<FeedState> = {}): FeedState {
  return {
    id, url: `https://${id}.example/rss`, title: null, etag: null, lastModified: null, bodyHash: null, lastPolledAt: '2026-12-01T10:00:00.000Z',
    lastStatus: 'ok', lastHttpStatus: 200, lastError: null, consecutiveErrors: 0, nextPollAt: null, intervalMs: null, disabledReason: null,
    itemsSeen: 0, lastNewItemAt: null, removedAt: null, affiliation: null, country: null, owner: null, ...over,
  };
}

const feed = (id: string, enabled = true): FeedConfig => ({ id, url: `https://${id}.example/rss`, enabled, tags: [] }) as FeedConfig;

describe('feed health', () => {
  it.each([
    ['network', 'fetch: https://tass.com/rss: ENOTFOUND getaddrinfo ENOTFOUND tass.com', 'dns'],
    ['network', 'fetch: https://x.example/: EAI_AGAIN getaddrinfo EAI_AGAIN x.example', 'dns'],
    ['network', 'fetch: https://x.example/: ENETUNREACH connect ENETUNREACH 1.2.3.4:443', 'no-network'],
    ['network', 'fetch: http://127.0.0.1:1/a.xml: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1', 'refused'],
    ['timeout', 'fetch: https://x.example/: timed out after 20000 ms', 'timeout'],
    ['blocked', 'fetch: http://10.0.0.5/: 10.0.0.5 is a private address (allow it with MEDIAMON_ALLOW_HOSTS)', 'blocked'],
    ['http-4xx', 'fetch: https://x.example/rss: HTTP 404', 'http'],
    ['not-a-feed', 'feeds: not a feed (an HTML page)', 'not-a-feed'],
    ['network', 'fetch: https://x.example/: unable to verify the first certificate', 'tls'],
    ['network', 'fetch: something new', 'other'],
  ])('%s %s -> %s', (lastStatus, lastError, cause) => {
    expect(failureCause({ lastStatus, lastError })).toBe(cause);
  });

  it('says "all" or "most" fail, with the commonest cause, counting only configured, enabled, not removed feeds', () => {
    const dns = { lastStatus: 'network', consecutiveErrors: 2, lastError: 'fetch: x: ENOTFOUND getaddrinfo ENOTFOUND x' };
    const feeds = ['a', 'b', 'c', 'd'].map((id) => feed(id));
    const all = feedHealth(feeds, ['a', 'b', 'c', 'd'].map((id) => state(id, dns)));
    expect(all).toMatchObject({ configured: 4, polled: 4, mostFailing: true, cause: 'dns' });
    expect(healthSentence(all)).toBe('all 4 feeds polled are failing; likely cause: DNS failure: the feed hosts do not resolve (no network, or no DNS server reachable)');

    const most = feedHealth(feeds, [state('a', dns), state('b', dns), state('c', { ...dns, lastError: 'fetch: ECONNREFUSED' }), state('d')]);
    expect(most).toMatchObject({ mostFailing: true, cause: 'dns' });
    expect(healthSentence(most)).toMatch(/^3 of 4 feeds polled are failing; likely cause: DNS failure/);

    const some = feedHealth(feeds, [state('a', dns), state('b', dns), state('c'), state('d')]);
    expect(some).toMatchObject({ mostFailing: false });
    expect(some.failing.map((s) => s.id)).toEqual(['a', 'b']);

    // A removed feed, a feed disabled in feeds.yaml and a feed not in the config do not count.
    const counted = feedHealth([feed('a'), feed('b', false)], [state('a'), state('b', dns), state('gone', { ...dns, removedAt: '2026-12-01T00:00:00.000Z' }), state('other', dns)]);
    expect(counted).toMatchObject({ configured: 1, polled: 1, mostFailing: false, cause: null });
  });
});

describe('the offline example of the quick start', () => {
  it('`ingest` of the saved page fires the immediate evacuation rule', async () => {
    const result = await runCli(['ingest', path.join(REPO_ROOT, 'examples/offline/evacuation.html'), '--json'], { ...process.env, MEDIAMON_CONFIG: path.join(REPO_ROOT, 'config') });
    expect(result.code, result.stderr).toBe(0);
    const article = JSON.parse(result.stdout.split('\n')[0]!) as { title: string; rules: { rule: string; priority: string }[] };
    expect(article.title).toBe('Pushilin announces evacuation of Donetsk civilians');
    expect(article.rules).toEqual([expect.objectContaining({ rule: 'donbas-evacuation', priority: 'immediate' })]);
  });
});
