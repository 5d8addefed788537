/**
 * `mediamon run` uses more than one core: analysis is CPU-bound; the parent analyses in worker threads,
 * and on more than two cores `run` also starts `mediamon worker analyze` child processes (default: one
 * per core beyond the first, at most MAX_AUTO) that take the pages the parent's threads have no room
 * for. They share the queues with the parent, are restarted if they die, get SIGHUP when
 * the parent reloads, and are stopped with it (or stop themselves if it dies).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Logger } from '../log.js';
import { processEnv } from '../settings/env.js';

const MAX_AUTO = 3;
const RESTART_DELAY_MS = 1_000;
const MAX_RESTARTS_PER_MINUTE = 10;
const STOP_GRACE_MS = 25_000;

/**
 * The number of analyze children for a setting: 'auto' = none on one or two cores (the parent analyses
 * the pages it fetches in its own analysis threads, which cover two cores; a child there only adds its
 * start-up and hand-offs through Redis), else cores - 1, at most MAX_AUTO.
 */
export function analyzeChildCount(setting: number | 'auto', cpus = os.availableParallelism()): number {
  if (setting !== 'auto') return setting;
  return cpus <= 2 ? 0 : Math.min(MAX_AUTO, cpus - 1);
}

export interface AnalyzeChildren {
  count: number;
  /** Forward a config reload (SIGHUP) to every child. */
  reload(): void;
  /** SIGTERM every child and wait for it (SIGKILL after a grace period). */
  close(): Promise<void>;
}

export interface ChildOptions {
  configDir: string;
  redisUrl: string;
  logLevel?: string;
  logger: Logger;
}

export function startAnalyzeChildren(count: number, options: ChildOptions): AnalyzeChildren {
  const children = new Set<ChildProcess>();
  const restarts: number[] = [];
  let closing = false;
  const env = {
    ...processEnv(),
    MEDIAMON_CONFIG: options.configDir,
    REDIS_URL: options.redisUrl,
    MEDIAMON_RUN_CHILD: '1',
    ...(options.logLevel ? { MEDIAMON_LOG_LEVEL: options.logLevel } : {}),
  };
  const start = (): void => {
    // The same node flags (e.g. a TypeScript loader) and entry script as this process.
    // Its own process group, so a Ctrl-C at the terminal reaches only the parent, which stops the child
    // once (a second signal would make it exit at once); the IPC channel tells it if the parent dies.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'worker', 'analyze'], {
      env,
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (closing) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        options.logger.error({ code, signal }, 'run: analyze child keeps dying; not restarting it (the parent still analyzes)');
        return;
      }
      options.logger.warn({ code, signal }, 'run: analyze child exited; restarting it');
      setTimeout(() => !closing && start(), RESTART_DELAY_MS).unref();
    });
  };
  for (let i = 0; i < count; i++) start();
  return {
    count,
    reload: () => children.forEach((child) => child.kill('SIGHUP')),
    close: async () => {
      closing = true;
      await Promise.all([...children].map((child) => stop(child)));
    },
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
