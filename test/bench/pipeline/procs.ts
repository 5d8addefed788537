/**
 * Child processes of the benchmark: the real CLI (`mediamon run --once`, `mediamon worker analyze`) and
 * the stage host, from dist/ when it is there and newer than every source file (or when the bench itself
 * runs compiled), otherwise through tsx as test/helpers/cli.ts does. /proc is sampled for CPU time and
 * peak RSS while they live (a process that exits takes its /proc entry with it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { procStats } from '../harness.js';

const SAMPLE_MS = 200;
/** Printed on stderr by the stage host once every worker is listening. */
export const STAGE_HOST_READY = 'bench stage-host: started';
const SOURCE_DIRS = ['src', 'workers', 'test/bench'];

export type CliMode = 'dist' | 'tsx';

export interface Launcher {
  mode: CliMode;
  /** Why this mode was chosen, for the report. */
  reason: string;
  command(entry: 'cli' | 'stage-host', args: string[]): { file: string; argv: string[] };
}

function newestSource(root: string, dir: string): number {
  let newest = 0;
  const full = path.join(root, dir);
  if (!existsSync(full)) return 0;
  for (const entry of readdirSync(full, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function chooseLauncher(root: string, forced: CliMode | null, nodeFlags: string[]): Launcher {
  const distCli = path.join(root, 'dist/src/cli/main.js');
  const distHost = path.join(root, 'dist/test/bench/pipeline/stage-host.js');
  const runningCompiled = fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`);
  let mode: CliMode;
  let reason: string;
  if (forced) {
    mode = forced;
    reason = 'chosen with --cli';
  } else if (runningCompiled) {
    mode = 'dist';
    reason = 'the bench runs compiled';
  } else if (existsSync(distCli) && existsSync(distHost)) {
    const built = Math.min(statSync(distCli).mtimeMs, statSync(distHost).mtimeMs);
    const stale = SOURCE_DIRS.some((d) => newestSource(root, d) > built);
    mode = stale ? 'tsx' : 'dist';
    reason = stale ? 'dist/ is older than the sources' : 'dist/ is fresh';
  } else {
    mode = 'tsx';
    reason = 'dist/ is not built';
  }
  const tsx = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx/esm')).href;
  return {
    mode,
    reason,
    command(entry, args) {
      const file = mode === 'dist'
        ? (entry === 'cli' ? distCli : distHost)
        : path.join(root, entry === 'cli' ? 'src/cli/main.ts' : 'test/bench/pipeline/stage-host.ts');
      return { file: process.execPath, argv: [...nodeFlags, ...(mode === 'tsx' ? ['--import', tsx] : []), file, ...args] };
    },
  };
}

export interface Proc {
  name: string;
  child: ChildProcess;
  stderr: string;
  stdout: string;
  exited: Promise<number | null>;
  /** Resolves when stderr shows `ready` (or at once when none is given). */
  ready: Promise<void>;
  /** Latest /proc sample: CPU ms since start, peak RSS. */
  last: { cpuMs: number; hwmMb: number } | null;
  /** Child processes it started (run's analyze children), by pid: their latest samples. */
  children: Map<number, { cpuMs: number; hwmMb: number }>;
}

export function startProc(name: string, launcher: Launcher, entry: 'cli' | 'stage-host', args: string[], env: NodeJS.ProcessEnv, ready?: string): Proc {
  const { file, argv } = launcher.command(entry, args);
  const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { name, child, stderr: '', stdout: '', last: null, children: new Map() } as Proc;
  proc.exited = new Promise((resolve) => child.on('close', resolve));
  child.stdout!.on('data', (d: Buffer) => (proc.stdout += d.toString()));
  let isReady = (): void => undefined;
  proc.ready = new Promise((resolve, reject) => {
    if (!ready) return resolve();
    isReady = () => proc.stderr.includes(ready) && resolve();
    void proc.exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${proc.stderr.slice(-2000)}`)));
  });
  child.stderr!.on('data', (d: Buffer) => {
    proc.stderr += d.toString();
    isReady();
    if (process.env.BENCH_DEBUG) process.stderr.write(`[${name}] ${d.toString()}`);
    if (proc.stderr.length > 1_000_000) proc.stderr = proc.stderr.slice(-200_000);
  });
  const timer = setInterval(() => sample(proc), SAMPLE_MS);
  void proc.exited.then(() => clearInterval(timer));
  return proc;
}

export function sample(proc: Proc): { cpuMs: number; hwmMb: number } | null {
  const stats = proc.child.pid ? procStats(proc.child.pid) : null;
  if (stats) {
    proc.last = { cpuMs: stats.cpuMs, hwmMb: stats.hwmMb };
    // A child's CPU is not in its parent's utime/stime while it lives: sample it on its own.
    for (const pid of childPids(proc.child.pid!)) {
      const c = procStats(pid);
      if (c) proc.children.set(pid, { cpuMs: c.cpuMs, hwmMb: c.hwmMb });
    }
  }
  return proc.last;
}

/** The pids whose parent is `pid` (scanning /proc: this kernel has no /proc/PID/task/TID/children). */
function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** SIGTERM every process and wait for all of them (SIGKILL after `graceMs`). */
export async function stopAll(procs: Proc[], graceMs = 30_000): Promise<(number | null)[]> {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  const timer = setTimeout(() => procs.forEach((p) => p.child.exitCode === null && p.child.kill('SIGKILL')), graceMs);
  try {
    return await Promise.all(procs.map((p) => p.exited));
  } finally {
    clearTimeout(timer);
  }
}
