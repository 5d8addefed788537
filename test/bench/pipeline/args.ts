/** Command-line options of the pipeline benchmark, each with its default. */
import type { CliMode } from './procs.js';

export const PARTS = ['straight', 'once', 'scale', 'inline', 'latency', 'redis'] as const;
export type Part = (typeof PARTS)[number];

export interface Args {
  /** Feeds on the local site (default 50). */
  feeds: number;
  /** Articles per feed (default 40). */
  perFeed: number;
  /** Store of the runs and of the straight line (default sqlite). */
  store: 'sqlite' | 'pg';
  /** Analyze process counts of the scale-out runs (default 1,2,4; 'none' skips them). */
  analyzeProcs: number[];
  /** Articles per second of the paced latency run (default 40: well under one analyze process). */
  rate: number;
  /** Feeds polled in the paced latency run (default 10). */
  latencyFeeds: number;
  /** Run the workers from dist/ or through tsx (default: dist when fresh). */
  cli: CliMode | null;
  /** Parts to run (default all). */
  only: Set<Part>;
  /** Write V8 CPU profiles of every worker process into this folder (default none). */
  profile: string | null;
  out: string | null;
  json: boolean;
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: ${name} must be a positive whole number (got '${value}')`);
  return n;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { feeds: 50, perFeed: 40, store: 'sqlite', analyzeProcs: [1, 2, 4], rate: 40, latencyFeeds: 10, cli: null, only: new Set(PARTS), profile: null, out: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--feeds') a.feeds = positive(k, v());
    else if (k === '--per-feed') a.perFeed = positive(k, v());
    else if (k === '--store') {
      const s = v();
      if (s !== 'sqlite' && s !== 'pg') throw new Error(`bench: --store is sqlite or pg (got '${s}')`);
      a.store = s;
    } else if (k === '--analyze-procs') {
      const s = v() ?? '';
      a.analyzeProcs = s === 'none' ? [] : s.split(',').map((x) => positive(k, x));
    } else if (k === '--rate') a.rate = positive(k, v());
    else if (k === '--latency-feeds') a.latencyFeeds = positive(k, v());
    else if (k === '--cli') {
      const s = v();
      if (s !== 'dist' && s !== 'tsx') throw new Error(`bench: --cli is dist or tsx (got '${s}')`);
      a.cli = s;
    } else if (k === '--only') {
      const parts = (v() ?? '').split(',');
      const bad = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
      if (bad.length) throw new Error(`bench: --only takes ${PARTS.join(',')} (got '${bad.join(',')}')`);
      a.only = new Set(parts as Part[]);
    } else if (k === '--profile') a.profile = v() ?? null;
    else if (k === '--out') a.out = v() ?? null;
    else if (k === '--json') a.json = true;
    else throw new Error(`bench: unknown option ${k}`);
  }
  return a;
}
