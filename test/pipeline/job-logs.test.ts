/**
 * A job's log lines say which job they belong to: the worker's child logger (queue, job_id) reaches the
 * stage as its `log`, so a poll job's and an analyze job's lines carry their job id, as a fetch job's do.
 */
import { Writable } from 'node:stream';
import type { Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createRuntime, type Runtime } from '../../src/pipeline/runtime.js';
import { startAnalyzeWorker } from '../../workers/analyze.js';
import { startFetchWorker } from '../../workers/fetch.js';
import { startPollWorker } from '../../workers/poll.js';
import { writeTestConfig } from '../helpers/cli.js';
import { newsPage, rssFeed, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { REDIS_URL, redisPrefix, tempDir } from '../helpers/services.js';
import { until } from '../helpers/wait.js';

const PAGES = 2;
const POLL_JOB_ID = 'job-logs-poll';

describe('job log lines', () => {
  let server: FixtureServer;
  const temp = tempDir();
  const redis = redisPrefix();
  const lines: Record<string, unknown>[] = [];
  let rt: Runtime;
  let workers: Worker[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    const items = Array.from({ length: PAGES }, (_, k) => ({ title: `Evacuation ordered ${k + 1}`, link: `${server.url}/p/${k + 1}`, description: 'Buses wait in Donetsk.' }));
    for (const item of items) {
      server.routes.set(new URL(item.link).pathname, { headers: { 'content-type': 'text/html' }, body: newsPage({ title: item.title, paragraphs: ['Denis Pushilin announced the evacuation of civilians from the DPR.'] }) });
    }
    server.routes.set('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rssFeed('Site', items) });
    writeTestConfig(temp.dir, [{ id: 'site', url: `${server.url}/feed.xml` }], { fetch: { timeout: '5s', allowHosts: ['127.0.0.1'] } });
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l)); done(); } });
    const { analysisThreads, ...inLine } = await createRuntime(loadConfig(temp.dir, {}), { redisUrl: REDIS_URL, databaseUrl: `sqlite:${temp.dir}/db.sqlite`, logger: pino({ level: 'debug' }, sink), prefix: redis.prefix });
    // Analysis in line: worker threads load built code, which vitest does not serve (not under test here).
    await analysisThreads?.close();
    rt = inLine;
    // Separate fetch and analyze workers: the page goes through the analyze queue, as an analyze job.
    workers = [startPollWorker(rt, 1), startFetchWorker(rt, 1), startAnalyzeWorker(rt, 1)];
  });

  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.close()));
    await rt?.close();
    await server?.close();
    await redis.drop();
    temp.drop();
  });

  it('carry the queue and job id in the poll and analyze stages', async () => {
    await rt.queues.queues.poll.add('poll', { feedId: 'site', force: true }, { jobId: POLL_JOB_ID });
    const stored = () => lines.filter((l) => l.msg === 'analyze: stored');
    await until(() => stored().length === PAGES, `${PAGES} analyze jobs`, 30_000);
    expect(lines.filter((l) => l.msg === 'poll: feed read')).toEqual([expect.objectContaining({ queue: 'poll', job_id: POLL_JOB_ID, feed_id: 'site', new_items: PAGES })]);
    for (const line of stored()) expect(line).toMatchObject({ queue: 'analyze', job_id: expect.stringMatching(/^a-/), feed_id: 'site', article_key: expect.any(String) });
    expect(new Set(stored().map((l) => l.job_id)).size).toBe(PAGES);
  });
});
