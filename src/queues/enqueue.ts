/**
 * Adding jobs and job schedulers: the one way the rest of the code puts work on a queue. The payload's
 * type follows from the stage, the job's name from the stage (on the deliver queue, from the payload's
 * kind, which the deliver worker and the queue dashboard go by), and the payload is checked against its
 * queue's schema before it reaches Redis. Job ids come from ids.ts.
 */
import type { JobsOptions, RepeatOptions } from 'bullmq';
import { refuseBadPayload, type PayloadOf, type QueueSet, type Stage } from './index.js';

export interface EnqueueOptions {
  /** From ids.ts: a job whose id the queue already holds is not added again. */
  jobId: string;
  /** BullMQ's priority (lower runs first); without it the job runs in the order added, before any prioritised one. */
  priority?: number;
}

export interface BulkJob<S extends Stage> extends EnqueueOptions {
  payload: PayloadOf<S>;
}

/** When a scheduler fires: every so many ms, or a cron pattern in a time zone. */
export type ScheduleRepeat = Pick<RepeatOptions, 'every' | 'pattern' | 'tz'>;

/** The job's name: the stage's, or on the deliver queue the payload's kind ('alerts', 'send', 'digest'...). */
function jobName<S extends Stage>(stage: S, payload: PayloadOf<S>): string {
  return stage === 'deliver' ? (payload as PayloadOf<'deliver'>).kind : stage;
}

function jobOptions({ jobId, priority }: EnqueueOptions): JobsOptions {
  return priority === undefined ? { jobId } : { jobId, priority };
}

/**
 * Add one job; a payload its queue's schema refuses throws (UnrecoverableError naming the stage) and adds
 * nothing. Payloads are built by typed code from values already checked (a feed item's key is never
 * empty), so a refusal is a bug in mediamon, not bad input: it fails the producing job at once, with the
 * stage and the field named, instead of a consumer failing later on a job nobody can trace back.
 */
export async function enqueue<S extends Stage>(queues: QueueSet, stage: S, payload: PayloadOf<S>, options: EnqueueOptions): Promise<void> {
  refuseBadPayload(stage, payload);
  await queues.queues[stage].add(jobName(stage, payload), payload, jobOptions(options));
}

/** Add several jobs in one round trip; one bad payload throws before any of them is added. */
export async function enqueueBulk<S extends Stage>(queues: QueueSet, stage: S, jobs: readonly BulkJob<S>[]): Promise<void> {
  for (const job of jobs) refuseBadPayload(stage, job.payload);
  await queues.queues[stage].addBulk(jobs.map((job) => ({ name: jobName(stage, job.payload), data: job.payload, opts: jobOptions(job) })));
}

/**
 * Create or update the job scheduler `schedulerId` (from ids.ts), which adds `payload` as a job at each
 * tick. Idempotent: every process may call it at start and on a config reload.
 */
export async function schedule<S extends Stage>(queues: QueueSet, stage: S, schedulerId: string, repeat: ScheduleRepeat, payload: PayloadOf<S>): Promise<void> {
  refuseBadPayload(stage, payload);
  await queues.queues[stage].upsertJobScheduler(schedulerId, repeat, { name: jobName(stage, payload), data: payload });
}
