/**
 * Starting a BullMQ worker for one stage with the project's lock settings, a child logger per job, and
 * failures logged with the job's ids. The processor gets the validated payload.
 */
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { RedisState } from './redis-state.js';
import { recordJob } from './metrics-push.js';
import { workerLocks, type Stage } from './index.js';

export interface StageWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  logger: Logger;
  /** Where Redis connection errors go (one line per outage); default: each logged as a worker error. */
  redisState?: RedisState;
}

export type Processor = (job: Job, log: Logger, token?: string) => Promise<unknown>;

export function startStageWorker(stage: Stage, options: StageWorkerOptions, processor: Processor): Worker {
  const worker = new Worker(
    stage,
    async (job, token) => processor(job, options.logger.child({ queue: stage, job_id: job.id }), token),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      ...workerLocks(),
      // Jobs keep their own retention (queue defaults); the worker never deletes history itself.
      autorun: true,
    },
  );
  // Per-process counters pushed to Redis for /metrics (the server runs elsewhere); never blocks a job.
  const took = (job: Job | undefined) => (job?.processedOn && job.finishedOn ? job.finishedOn - job.processedOn : null);
  worker.on('completed', (job) => recordJob(options.connection, options.prefix, stage, 'completed', took(job)));
  worker.on('failed', (job, error) => {
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
    recordJob(options.connection, options.prefix, stage, final ? 'failed' : 'retried', took(job));
    options.logger[final ? 'error' : 'warn'](
      { queue: stage, job_id: job?.id, attempts: job?.attemptsMade, final, err: error.message },
      `${stage}: job failed${final ? '' : ', will retry'}`,
    );
  });
  worker.on('error', (error) => {
    if (options.redisState && RedisState.isConnectionError(error)) options.redisState.failed(error);
    else options.logger.warn({ queue: stage, err: error.message }, `${stage}: worker error`);
  });
  return worker;
}

/** Whether a job is on its last attempt (a failure now is final). */
export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
