/**
 * Adding jobs through src/queues/enqueue.ts, against real Redis: a payload its queue's schema refuses
 * never reaches Redis (the error names the stage and the field), a good one lands under the job name
 * the workers go by, and every id is the one other processes and the jobs already in Redis use (the
 * values below were computed by the code before the ids were gathered in src/queues/ids.ts).
 */
import { describe, expect, it } from 'vitest';
import { enqueue, enqueueBulk, schedule } from '../../src/queues/enqueue.js';
import {
  alertsJobId, analyzeJobId, digestSchedulerId, feedSchedulerId, fetchJobId, nowPollJobId, oncePollJobId, onceRisingJobId, pageBlobId,
  reanalyzeAlertsJobId, sendJobId, telegramJobId,
} from '../../src/queues/ids.js';
import type { FetchPayload } from '../../src/queues/index.js';
import { useQueues } from '../helpers/runtime.js';

const KEY = 'https://example.org/news/1';
const POST = 'https://t.me/chan/5';

function fetchPayload(key: string): FetchPayload {
  return { key, feedId: 'wire', url: key, feedLanguage: 'en', item: { title: 'Title', summary: '', contentText: '', published: null, guid: null, author: null } };
}

describe('job ids', () => {
  it('are byte for byte the ids of earlier versions', () => {
    expect(fetchJobId(KEY)).toBe('f-gJ5cVwAiKzqW1uQo_waxWcpK');
    expect(analyzeJobId(KEY)).toBe('a-gJ5cVwAiKzqW1uQo_waxWcpK');
    expect(analyzeJobId(KEY, true)).toBe('a-yIckAjJAqdFdaKEW6BXxKEch');
    expect(telegramJobId(POST, 'abc')).toBe('t-KDAopTuHU8mlLo-YTJpE_BUm');
    expect(telegramJobId(POST, 'abc', 2)).toBe('t-9T4v5_5MXNqXykqiL3kddIC8');
    expect(alertsJobId(KEY)).toBe('d-gJ5cVwAiKzqW1uQo_waxWcpK');
    expect(alertsJobId(KEY, [3, 4])).toBe('d-RL_tTufHms4HzaEW513np0nQ');
    expect(reanalyzeAlertsJobId([3, 4])).toBe('r-XMPsASKEt2yeuxN8aSgm3LoS');
    expect(pageBlobId(KEY)).toBe('p-gJ5cVwAiKzqW1uQo_waxWcpK');
    expect(sendJobId(7)).toBe('send-7');
    expect(oncePollJobId('wire', 1_700_000_000_000)).toBe('once-wire-1700000000000');
    expect(onceRisingJobId(1_700_000_000_000)).toBe('once-rising-1700000000000');
    expect(nowPollJobId('wire', 1_700_000_000_000)).toBe('now-wire-1700000000000');
    expect(feedSchedulerId('wire')).toBe('feed-wire');
    expect(digestSchedulerId('morning')).toBe('digest-morning');
  });
});

describe('enqueue', { timeout: 30_000 }, () => {
  const { queues } = useQueues();

  it('adds a job under its stage, id and priority; a deliver job is named after its kind', async () => {
    await enqueue(queues, 'fetch', fetchPayload(KEY), { jobId: fetchJobId(KEY), priority: 2 });
    const fetch = await queues.queues.fetch.getJob(fetchJobId(KEY));
    expect(fetch).toMatchObject({ name: 'fetch', data: fetchPayload(KEY), opts: { priority: 2 } });
    await enqueue(queues, 'deliver', { kind: 'send', deliveryId: 7 }, { jobId: sendJobId(7) });
    expect(await queues.queues.deliver.getJob('send-7')).toMatchObject({ name: 'send', data: { kind: 'send', deliveryId: 7 } });
    // The same id again is not a second job.
    await enqueue(queues, 'deliver', { kind: 'send', deliveryId: 7 }, { jobId: sendJobId(7) });
    expect(await queues.queues.deliver.getJobCountByTypes('waiting', 'prioritized')).toBe(1);
  });

  it('refuses a bad payload before it reaches Redis, naming the stage and the problem', async () => {
    const bad = { ...fetchPayload('https://example.org/bad'), key: '' };
    await expect(enqueue(queues, 'fetch', bad, { jobId: fetchJobId('https://example.org/bad') }))
      .rejects.toThrow(/^queues: refusing to enqueue a bad fetch payload: key: /);
    expect(await queues.queues.fetch.getJob(fetchJobId('https://example.org/bad'))).toBeUndefined();
    // In a batch, one bad payload keeps every job out.
    const good = 'https://example.org/good';
    await expect(enqueueBulk(queues, 'poll', [
      { payload: { feedId: 'wire', force: true }, jobId: nowPollJobId('wire', 1) },
      { payload: { feedId: 'wire', extra: 1 } as never, jobId: nowPollJobId('wire', 2) },
    ])).rejects.toThrow(/^queues: refusing to enqueue a bad poll payload: \(payload\): Unrecognized key/);
    expect(await queues.queues.poll.getJobCountByTypes('waiting', 'prioritized')).toBe(0);
    await enqueueBulk(queues, 'fetch', [{ payload: fetchPayload(good), jobId: fetchJobId(good), priority: 1 }]);
    expect((await queues.queues.fetch.getJob(fetchJobId(good)))?.name).toBe('fetch');
  });

  it('schedules a job template with its name and payload; a bad one is refused', async () => {
    await schedule(queues, 'deliver', digestSchedulerId('morning'), { pattern: '0 7 * * *', tz: 'UTC' }, { kind: 'digest', subscription: 'morning' });
    const scheduler = await queues.queues.deliver.getJobScheduler('digest-morning');
    expect(scheduler).toMatchObject({ key: 'digest-morning', name: 'digest', pattern: '0 7 * * *', tz: 'UTC', template: { data: { kind: 'digest', subscription: 'morning' } } });
    await expect(schedule(queues, 'poll', feedSchedulerId('x'), { every: 60_000 }, { feedId: '' }))
      .rejects.toThrow(/^queues: refusing to enqueue a bad poll payload: feedId: /);
    expect(await queues.queues.poll.getJobScheduler('feed-x')).toBeUndefined();
  });
});
