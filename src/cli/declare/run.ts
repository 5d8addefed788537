/** `mediamon run` and `mediamon worker`, run by src/cli/commands/run.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';
import type { RunOptions } from '../commands/run.js';

const load = () => import('../commands/run.js');

/** The HTTP server `run` starts, loaded only when used (hono and bull-board are not small). */
const startServer: NonNullable<RunOptions['startServer']> = async (rt) => (await import('../../server/index.js')).startServer(rt);

export function registerRun(program: Command): void {
  program.command('run').description('run every stage (analysis also in child processes, one per extra core)')
    .option('--once', 'poll every feed once, drain the queues, exit')
    .option('--analyze-procs <n>', 'analyze child processes (default: queues.analyzeProcesses, auto = cores - 1)')
    .option('--no-server', 'do not start the HTTP server').action(lazy(load, (m) => (options: RunOptions) => m.runCommand({ ...options, startServer })));
}

export function registerWorker(program: Command): void {
  program.command('worker <stage>').description('run one stage: poll, fetch, analyze or deliver (or several, comma-separated: fetch,analyze analyses each fetched page in the same job)')
    .option('--concurrency <n>', 'jobs at once in this process').action(lazy(load, (m) => m.workerCommand));
}
