/**
 * What `mediamon queues ...` reports and does: counts per queue and state with the age of the oldest
 * waiting job, the failed jobs with why they failed, and retrying them. Reads BullMQ's data in Redis,
 * so it works from any host while workers run elsewhere.
 */
import type { Job } from 'bullmq';
import { STAGES, type QueueSet, type Stage } from './index.js';

export const STATUS_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

export interface QueueStatus {
  queue: Stage;
  counts: Record<(typeof STATUS_STATES)[number], number>;
  /** Age in ms of the oldest job waiting to be picked up, or null when none waits. */
  oldestWaitingMs: number | null;
}

export interface FailedJob {
  queue: Stage;
  id: string;
  name: string;
  attempts: number;
  failedAt: string | null;
  reason: string;
  /** What the job was about: feed id, article URL, alert ids... */
  subject: string;
}

/** The stages a --queue option names (all when undefined); throws on an unknown name. */
export function selectQueues(name: string | undefined): Stage[] {
  if (name === undefined) return [...STAGES];
  if (!(STAGES as readonly string[]).includes(name)) throw new Error(`queues: unknown queue '${name}' (use one of: ${STAGES.join(', ')})`);
  return [name as Stage];
}

export async function queueStatus(set: QueueSet, stages: Stage[] = [...STAGES], now = Date.now()): Promise<QueueStatus[]> {
  const out: QueueStatus[] = [];
  for (const stage of stages) {
    const queue = set.queues[stage];
    const counts = await queue.getJobCounts(...STATUS_STATES);
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    out.push({
      queue: stage,
      counts: Object.fromEntries(STATUS_STATES.map((s) => [s, counts[s] ?? 0])) as QueueStatus['counts'],
      oldestWaitingMs: oldest ? Math.max(0, now - oldest.timestamp) : null,
    });
  }
  return out;
}

function subjectOf(job: Job): string {
  const data = (job.data ?? {}) as Record<string, unknown>;
  if (typeof data.url === 'string') return data.url;
  if (typeof data.feedId === 'string') return `feed ${data.feedId}`;
  if (Array.isArray(data.alertIds)) return `alerts ${data.alertIds.join(',')}`;
  if (typeof data.subscription === 'string') return `digest ${data.subscription}`;
  return JSON.stringify(data).slice(0, 120);
}

export async function failedJobs(set: QueueSet, stages: Stage[], limit: number): Promise<FailedJob[]> {
  const out: FailedJob[] = [];
  for (const stage of stages) {
    for (const job of await set.queues[stage].getFailed(0, limit - 1)) {
      if (!job) continue;
      out.push({
        queue: stage,
        id: String(job.id),
        name: job.name,
        attempts: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        reason: job.failedReason ?? '(no reason recorded)',
        subject: subjectOf(job),
      });
    }
  }
  return out;
}

/** Move every failed job of the stages back to waiting; returns how many per queue. */
export async function retryFailed(set: QueueSet, stages: Stage[]): Promise<Record<string, number>> {
  const retried: Record<string, number> = {};
  for (const stage of stages) {
    const queue = set.queues[stage];
    const count = await queue.getFailedCount();
    if (count > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
    retried[stage] = count;
  }
  return retried;
}

/** "3h 12m", "45s": an age for people. */
export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
