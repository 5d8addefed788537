/**
 * A worker process: the stages it runs, in one process, with graceful shutdown. On SIGTERM/SIGINT it
 * stops taking jobs and lets running ones finish (bounded wait; an unfinished job's lock lapses and
 * another worker takes it over), then closes Redis and the store. A second signal exits at once.
 */
import type { Worker } from 'bullmq';
import { createDelivery, type DeliveryService } from '../delivery/index.js';
import type { Runtime } from '../pipeline/runtime.js';
import type { Stage } from '../queues/index.js';
import { startAnalyzeWorker } from '../../workers/analyze.js';
import { startDeliverWorker } from '../../workers/deliver.js';
import { startFetchWorker } from '../../workers/fetch.js';
import { startPollWorker } from '../../workers/poll.js';

const SHUTDOWN_GRACE_MS = 20_000;

export interface Host {
  workers: Worker[];
  delivery: DeliveryService;
  /** Stop taking jobs, wait for running ones (bounded), close everything. */
  close(): Promise<void>;
}

export interface HostOptions {
  /** Jobs at once per stage (default: queues.concurrency). */
  concurrency?: number;
  /** Other processes analyse too (run's analyze children): the fetch worker analyses its own pages only
   *  while a local analysis thread is free, and hands the rest to them. Default false. */
  analyzeElsewhere?: boolean;
}

export function startHost(rt: Runtime, stages: readonly Stage[], options: HostOptions = {}): Host {
  const { concurrency } = options;
  const c = rt.current.config.settings.queues.concurrency;
  const delivery = createDelivery();
  const workers = stages.map((stage) => {
    switch (stage) {
      case 'poll':
        return startPollWorker(rt, concurrency ?? c.poll);
      case 'fetch':
        // A process that analyses too analyses its own fetched pages: no page blob through Redis.
        return startFetchWorker(rt, concurrency ?? c.fetch, stages.includes('analyze') ? { analyzeHere: options.analyzeElsewhere ? 'when-free' : 'always' } : {});
      case 'analyze':
        return startAnalyzeWorker(rt, concurrency ?? c.analyze);
      case 'deliver':
        return startDeliverWorker(rt, delivery, concurrency ?? c.deliver);
    }
  });
  let closing: Promise<void> | null = null;
  return {
    workers,
    delivery,
    close: () =>
      (closing ??= (async () => {
        const graceful = Promise.allSettled(workers.map((w) => w.close()));
        const timedOut = await Promise.race([graceful.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), SHUTDOWN_GRACE_MS).unref())]);
        if (timedOut) await Promise.allSettled(workers.map((w) => w.close(true)));
        await Promise.allSettled([delivery.close()]);
        await rt.close();
      })()),
  };
}

/**
 * Run `shutdown` on the first SIGINT/SIGTERM; exit at once on the second. A process started by a parent
 * over IPC (run's analyze children) also shuts down when the parent goes away, even by kill -9.
 */
export function onSignals(shutdown: (signal: string) => Promise<void>): void {
  let received = false;
  const handler = (signal: string) => {
    if (received) process.exit(130);
    received = true;
    void shutdown(signal).finally(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  if (process.send) {
    // The parent may already be gone by the time this process is ready to listen.
    if (!process.connected) handler('parent exited');
    else process.once('disconnect', () => handler('parent exited'));
  }
}
