/**
 * Analysis in worker threads. Analysing is CPU-bound (a 10 MB page costs seconds); run on the event
 * loop it would stop BullMQ from renewing the locks of every job of the process (its fetch and poll
 * jobs too), and a job whose lock lapses is taken for stalled and run a second time. In a thread, the
 * event loop stays free: locks are renewed however long an analysis takes, so no job runs twice for
 * being slow (test/pipeline/analysis-threads.test.ts). One thread per analyze slot, started on first
 * use; a thread that dies is replaced on the next job (the job in it fails and is retried by BullMQ).
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { AnalysisInput, AnalysisResult, Analyzer, AnalyzerSource } from './analyze.js';

/** One document to analyse; `source` is sent when the thread has not seen config `version` yet. */
export interface ThreadRequest { id: number; version: number; source?: AnalyzerSource; input: AnalysisInput }
export type ThreadReply = { id: number; result: AnalysisResult } | { id: number; error: string };

interface Slot { worker: Worker; version: number; busy: boolean }
interface Task { analyzer: Analyzer; input: AnalysisInput; resolve(r: AnalysisResult): void; reject(e: Error): void }

/** The thread's script: next to this module, with this module's extension (.ts under tsx, .js built). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const THREAD_MAIN = new URL(`./analysis-thread-main${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);

/** A new thread. Running from TypeScript sources (tsx), the thread registers tsx itself: loader hooks are per thread. */
function startThread(): Worker {
  if (!FROM_SOURCE) return new Worker(THREAD_MAIN);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => m.register()).then(() => import(${JSON.stringify(THREAD_MAIN.href)}))`;
  return new Worker(boot, { eval: true });
}

export class AnalysisThreads {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number, private readonly logger: Logger) {}

  /** Analyses `input` with `analyzer`'s config in a thread; resolves with what analyzeDocument returns. */
  analyze(analyzer: Analyzer, input: AnalysisInput): Promise<AnalysisResult> {
    if (this.closed) return Promise.reject(new Error('analyze: analysis threads are closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ analyzer, input, resolve, reject });
      this.dispatch();
    });
  }

  /** Whether a thread is free now (nothing would wait for one). */
  hasFreeThread(): boolean {
    return this.waiting.length === 0 && (this.slots.some((s) => !s.busy) || this.slots.length < Math.max(1, this.size));
  }

  /** Start every thread now (loading the analysis modules takes a while), so the first jobs do not wait. */
  warm(): void {
    while (!this.closed && this.slots.length < Math.max(1, this.size)) this.spawn();
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (slot === undefined && this.slots.length < Math.max(1, this.size)) slot = this.spawn();
      if (slot === undefined) return;
      this.run(slot, this.waiting.shift() as Task);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startThread(), version: -1, busy: false };
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private run(slot: Slot, task: Task): void {
    const id = this.nextId++;
    const { version, source } = task.analyzer;
    const request: ThreadRequest = { id, version, input: task.input, ...(slot.version === version ? {} : { source }) };
    slot.busy = true;
    const done = (): void => {
      slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      slot.busy = false;
      this.dispatch();
    };
    const onMessage = (reply: ThreadReply): void => {
      if (reply.id !== id) return;
      slot.version = version;
      done();
      if ('error' in reply) task.reject(new Error(reply.error));
      else task.resolve(reply.result);
    };
    const drop = (why: string): void => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      this.logger.warn({ err: why }, 'analyze: analysis thread died; a new one takes the next job');
      done();
      task.reject(new Error(`analyze: analysis thread died: ${why}`));
    };
    const onError = (err: Error): void => drop(err.message);
    const onExit = (code: number): void => drop(`exit code ${code}`);
    slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    // Page bytes move to the thread (decoded there) instead of being cloned: a copy of our own is
    // transferred, so the caller keeps its bytes (it hands them on if this analysis fails).
    const { html } = task.input;
    if (html instanceof Uint8Array) {
      const bytes = html.slice();
      slot.worker.postMessage({ ...request, input: { ...task.input, html: bytes } }, [bytes.buffer]);
    } else {
      slot.worker.postMessage(request);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.waiting.splice(0)) t.reject(new Error('analyze: analysis threads are closed'));
    await Promise.allSettled(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
