/**
 * Where the time goes in V8 CPU profiles (`node --cpu-prof`, or the benchmark's --profile DIR): self
 * time summed by area (mediamon module folder, dependency, Node internals, GC, idle) and by function.
 *
 *   npx tsx test/bench/pipeline/profile-summary.ts FILE.cpuprofile... [--top 25] [--json]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printTable, round } from '../harness.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const DEFAULT_TOP = 25;

/** The area a script belongs to: src/<module>, workers, a package name, node internals. */
export function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|workers|test)\/([^/]+)/.exec(url);
  if (own) return own[1] === 'src' ? `src/${own[2]!.replace(/\.(ts|js)$/, '')}` : own[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return path.basename(url);
}

export function summarise(files: string[]): { totalMs: number; areas: Map<string, number>; functions: Map<string, number> } {
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const node = byId.get(id);
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const area = areaOf(url, functionName);
      totalMs += ms;
      areas.set(area, (areas.get(area) ?? 0) + ms);
      const fn = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
      functions.set(fn, (functions.get(fn) ?? 0) + ms);
    });
  }
  return { totalMs, areas, functions };
}

function top(map: Map<string, number>, n: number, total: number): (string | number)[][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => [k, round(ms, 0), round((100 * ms) / total, 1)]);
}

function main(): void {
  const argv = process.argv.slice(2);
  const topAt = argv.indexOf('--top');
  const n = topAt >= 0 ? Number(argv[topAt + 1]) : DEFAULT_TOP;
  const files = argv.filter((a, i) => a.endsWith('.cpuprofile') && i !== topAt + 1);
  if (files.length === 0) throw new Error('profile-summary: name one or more .cpuprofile files');
  const { totalMs, areas, functions } = summarise(files);
  const busy = totalMs - (areas.get('(idle)') ?? 0);
  console.log(`${files.length} profile(s), ${round(totalMs, 0)} ms sampled, ${round(busy, 0)} ms busy`);
  printTable(['area (self time)', 'ms', '%'], top(areas, n, totalMs));
  console.log('');
  printTable(['function (self time)', 'ms', '%'], top(functions, n, totalMs));
  if (argv.includes('--json')) console.log(JSON.stringify({ totalMs, areas: Object.fromEntries(areas), top: top(functions, n, totalMs) }));
}

if (process.argv[1] && /profile-summary\.(ts|js)$/.test(process.argv[1])) main();
