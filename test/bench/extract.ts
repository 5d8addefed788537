/**
 * Extraction benchmark: mediamon's extractor vs @mozilla/readability (+ jsdom) on the shared
 * development pages, scored as /work/shared/data/README.md says, plus two stress pages.
 *
 *   npx tsx test/bench/extract.ts [--set trafilatura|daniel|all] [--limit N] [--no-reference] [--json]
 *                                 [--worst N] [--meta-misses] [--stress-only] [--scaling]
 *   --worst N: the N pages of each set with the largest F1 loss, with the missed and extra text.
 *   --meta-misses: every trafilatura case whose title or date does not match.
 *   --scaling: CPU time of nine page shapes at 1 MB and 4 MB (near-linear extraction shows a ratio near 4).
 *   npm run bench:extract   (compiled: node --max-old-space-size=4096 dist/test/bench/extract.js)
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { analyzeDocument, createAnalyzer } from '../../src/pipeline/analyze.js';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticle } from '../../src/extract/index.js';
import type { ParserName } from '../../src/extract/dom.js';
import { averageShingle, collapseWhitespace, scoreSnippets, shingles, shinglePage, snippetPrf, type Prf } from './score.js';
import { danielPages, readPage, trafilaturaCases, trafilaturaPagePath, type TrafilaturaCase } from '../extract/dev-data.js';

/** jsdom does not give all memory back; Readability runs in child processes of this many pages. */
const READABILITY_BATCH = 100;
const WORKER_FLAG = '--readability-worker';
const STRESS_BYTES = 10 * 1024 * 1024;
const STRESS_DEPTH = 100_000;
const MB = 1024 * 1024;

interface Page {
  html: string;
  url: string | null;
  /** trafilatura case or daniel gold text. */
  traf?: TrafilaturaCase;
  gold?: string;
  file?: string;
}

interface RunResult {
  texts: string[];
  seconds: number;
  peakRss: number;
  peakHeap: number;
  errors: number;
}

type Tool = (html: string, url: string | null) => string;

interface Args {
  set: 'trafilatura' | 'daniel' | 'all';
  limit: number;
  reference: boolean;
  json: boolean;
  parser: ParserName;
  worst: number;
  metaMisses: boolean;
  /** Only the stress pages (no ../shared data needed). */
  stressOnly: boolean;
  /** Only the 1 MB / 4 MB scaling table. */
  scaling: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { set: 'all', limit: Infinity, reference: true, json: false, parser: 'htmlparser2', worst: 0, metaMisses: false, stressOnly: false, scaling: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--set') a.set = argv[++i] as Args['set'];
    else if (k === '--limit') a.limit = Number(argv[++i]);
    else if (k === '--no-reference') a.reference = false;
    else if (k === '--json') a.json = true;
    else if (k === '--parse5') a.parser = 'parse5';
    else if (k === '--worst') a.worst = Number(argv[++i]);
    else if (k === '--meta-misses') a.metaMisses = true;
    else if (k === '--stress-only') a.stressOnly = true;
    else if (k === '--scaling') a.scaling = true;
    else throw new Error(`extract: unknown bench option ${k}`);
  }
  if (!['trafilatura', 'daniel', 'all'].includes(a.set)) throw new Error(`extract: bad --set ${a.set}`);
  return a;
}

function mediamon(parser: ParserName): Tool {
  return (html, url) => extractArticle(html, url, { parser }).text;
}

const readability: Tool = (html, url) => {
  const dom = new JSDOM(html, { url: url ?? undefined, virtualConsole: new VirtualConsole() });
  try {
    return new Readability(dom.window.document).parse()?.textContent ?? '';
  } finally {
    dom.window.close();
  }
};

function run(tool: Tool, pages: Page[]): RunResult {
  const texts: string[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  let errors = 0;
  const t0 = performance.now();
  for (const [i, p] of pages.entries()) {
    try {
      texts.push(tool(p.html, p.url));
    } catch {
      errors++;
      texts.push('');
    }
    if (i % 10 === 0) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
  }
  return { texts, seconds: (performance.now() - t0) / 1000, peakRss, peakHeap, errors };
}

interface WorkerReply {
  texts: string[];
  seconds: number;
  peakHeap: number;
  errors: number;
}

/** Runs Readability over the pages in batches, each in a fresh child process (this same module). */
async function runReadability(pages: Page[]): Promise<RunResult> {
  const out: RunResult = { texts: [], seconds: 0, peakRss: 0, peakHeap: 0, errors: 0 };
  for (let i = 0; i < pages.length; i += READABILITY_BATCH) {
    const batch = pages.slice(i, i + READABILITY_BATCH).map((p) => ({ html: p.html, url: p.url }));
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      // fork() passes on process.execArgv, so under tsx the child gets the TypeScript loader too.
      const child = fork(fileURLToPath(import.meta.url), [WORKER_FLAG], { serialization: 'advanced' });
      child.once('message', (m) => {
        resolve(m as WorkerReply);
        child.kill();
      });
      child.once('error', reject);
      child.send(batch);
    });
    out.texts.push(...reply.texts);
    out.seconds += reply.seconds;
    out.errors += reply.errors;
    out.peakHeap = Math.max(out.peakHeap, reply.peakHeap);
    out.peakRss = Math.max(out.peakRss, process.memoryUsage().rss);
  }
  return out;
}

function workerMain(): void {
  process.once('message', (pages) => {
    const r = run(readability, pages as Page[]);
    process.send!({ texts: r.texts, seconds: r.seconds, peakHeap: r.peakHeap, errors: r.errors } satisfies WorkerReply);
  });
}

function score(pages: Page[], texts: string[]): Prf {
  if (pages[0]?.traf) {
    const c = { tp: 0, fp: 0, fn: 0 };
    pages.forEach((p, i) => {
      const s = scoreSnippets(texts[i] ?? '', p.traf!.with, p.traf!.without);
      c.tp += s.tp;
      c.fp += s.fp;
      c.fn += s.fn;
    });
    return snippetPrf(c);
  }
  return averageShingle(pages.map((p, i) => shinglePage(p.gold ?? '', texts[i] ?? '')));
}

function loadSet(name: 'trafilatura' | 'daniel', limit: number): Page[] {
  if (name === 'trafilatura') {
    return trafilaturaCases().slice(0, limit).map((c) => ({ html: readPage(trafilaturaPagePath(c)), url: c.url, traf: c }));
  }
  return danielPages().slice(0, limit).map((d) => ({ html: readPage(d.file), url: null, gold: d.gold, file: d.name }));
}

const norm = (s: string | null | undefined): string => collapseWhitespace(s ?? '').toLowerCase();

/** Share of cases (with an expected value) where mediamon's metadata matches it. */
function metadataAccuracy(pages: Page[], parser: ParserName, log = false): Record<string, { n: number; acc: number }> {
  // 'date' compares `published`; 'dateAny' accepts `published` or `modified` (the gold mixes both).
  const hits = { title: [0, 0], author: [0, 0], date: [0, 0], dateAny: [0, 0] };
  for (const p of pages) {
    const c = p.traf!;
    const r = extractArticle(p.html, p.url, { parser });
    const check = (k: keyof typeof hits, ok: boolean): void => {
      hits[k][0]! += ok ? 1 : 0;
      hits[k][1]! += 1;
    };
    if (log && c.title && norm(r.title) !== norm(c.title)) console.log(`TITLE ${c.url}\n  want ${c.title}\n  got  ${r.title}`);
    if (log && c.date && (r.published ?? '').slice(0, 10) !== c.date) console.log(`DATE ${c.url}\n  want ${c.date}\n  got  ${r.published} (modified ${r.modified})`);
    if (c.title) check('title', norm(r.title) === norm(c.title));
    if (c.author) check('author', norm(r.author) === norm(Array.isArray(c.author) ? c.author.join(', ') : c.author));
    if (c.date) check('date', (r.published ?? '').slice(0, 10) === c.date);
    if (c.date) check('dateAny', (r.published ?? '').slice(0, 10) === c.date || (r.modified ?? '').slice(0, 10) === c.date);
  }
  const out: Record<string, { n: number; acc: number }> = {};
  for (const [k, [ok, n]] of Object.entries(hits)) out[k] = { n: n!, acc: n ? ok! / n : 0 };
  return out;
}

function stressPages(): { name: string; html: string }[] {
  const para = '<p>Officials said the evacuation would continue through the night, according to a statement, while observers, citing sources, disputed the figures.</p>';
  const chunk = `<div class="story">${para.repeat(8)}</div><nav><a href="/a">Home</a> <a href="/b">World</a></nav>`;
  const big = `<html><head><title>Big page</title></head><body>${chunk.repeat(Math.ceil(STRESS_BYTES / chunk.length))}</body></html>`;
  const deep = `<html><body>${'<div>'.repeat(STRESS_DEPTH)}<p>Deep text, at the bottom of a very deep tree.</p>${'</div>'.repeat(STRESS_DEPTH)}</body></html>`;
  // The worst shape for the tree walks: 10 MB of tiny elements (about 700,000 of them), little text.
  const block = '<div><p>Short para one.</p><div>x</div></div>';
  const tiny = `<html><body>${block.repeat(Math.ceil(STRESS_BYTES / block.length))}</body></html>`;
  return [
    { name: `10 MB page (${(big.length / MB).toFixed(1)} MB)`, html: big },
    { name: `10 MB of tiny elements`, html: tiny },
    { name: `nested ${STRESS_DEPTH} deep`, html: deep },
  ];
}

/** The 10 MB page through the whole analyze stage (extract, language, tag, rules) with the shipped config. */
function analyseStress(): { name: string; ms: number; cpuMs: number; chars: number; mentions: number } {
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const analyzer = createAnalyzer(loadConfig(join(root, 'config')));
  const page = stressPages()[0]!;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = analyzeDocument(analyzer, { html: page.html, url: 'http://127.0.0.1/big', feedId: 'bench', feed: null });
  const c = process.cpuUsage(c0);
  return { name: `${page.name}, analysed`, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, chars: r.article.text.length, mentions: r.mentions.length };
}

function stress(parser: ParserName): { name: string; ms: number; cpuMs: number; chars: number; rssMb: number; heapMb: number }[] {
  return stressPages().map(({ name, html }) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const text = extractArticle(html, null, { parser }).text;
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    const m = process.memoryUsage();
    return { name, ms, cpuMs, chars: text.length, rssMb: m.rss / MB, heapMb: m.heapUsed / MB };
  });
}

/** Page shapes that stress one loop each: prose, one long paragraph, no spaces, inline spans, <br> lines, links, nested divs, tables, date elements. */
const SHAPES: Record<string, (bytes: number) => string> = {
  prose: (n) => { const c = `<div class="story">${'<p>Officials said the evacuation would continue through the night, according to a statement, while observers disputed the figures.</p>'.repeat(8)}</div><nav><a href="/a">Home</a> <a href="/b">World</a></nav>`; return `<html><body>${c.repeat(Math.ceil(n / c.length))}</body></html>`; },
  'one paragraph': (n) => `<html><body><p>${'word another, more text here. '.repeat(Math.ceil(n / 30))}</p></body></html>`,
  'no spaces': (n) => `<html><body><p>${'x'.repeat(n)}</p></body></html>`,
  spans: (n) => `<html><body><div>${'<span>ab</span>'.repeat(Math.ceil(n / 15))}</div></body></html>`,
  'br lines': (n) => `<html><body><p>${'line of text<br>'.repeat(Math.ceil(n / 16))}</p></body></html>`,
  links: (n) => `<html><body><ul>${'<li><a href="/x">Link text here</a></li>'.repeat(Math.ceil(n / 40))}</ul></body></html>`,
  'nested divs': (n) => `<html><body>${'<div><p>Short para one.</p><div>x</div></div>'.repeat(Math.ceil(n / 45))}</body></html>`,
  tables: (n) => `<html><body><table>${'<tr><td>cell one text</td><td>2022-02-18</td></tr>'.repeat(Math.ceil(n / 50))}</table></body></html>`,
  'date elements': (n) => `<html><body>${'<div class="date">18. Februar 2022 12:00</div><p>text of a paragraph here, long enough.</p>'.repeat(Math.ceil(n / 90))}</body></html>`,
};

/** CPU ms of extraction for each shape at 1 MB and at 4 MB, and their ratio. */
function scaling(parser: ParserName): void {
  console.log(`${'shape'.padEnd(14)} ${pad('1 MB', 8)} ${pad('4 MB', 8)}  ratio (CPU ms)`);
  for (const [name, make] of Object.entries(SHAPES)) {
    const cpu = [MB, 4 * MB].map((bytes) => {
      const html = make(bytes);
      const c0 = process.cpuUsage();
      extractArticle(html, null, { parser });
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    });
    console.log(`${name.padEnd(14)} ${pad(cpu[0]!.toFixed(0), 8)} ${pad(cpu[1]!.toFixed(0), 8)}  ${(cpu[1]! / cpu[0]!).toFixed(1)}`);
  }
}

const clip = (s: string, n = 160): string => (s.length > n ? `${s.slice(0, n)}…` : s);
/** Share of a paragraph's shingles found in the other text (1 for paragraphs too short to judge). */
function covered(para: string, other: Map<string, number>): number {
  const sh = shingles(para);
  let hit = 0;
  let n = 0;
  for (const [k, c] of sh) {
    n += c;
    hit += Math.min(c, other.get(k) ?? 0);
  }
  return n > 0 ? hit / n : 1;
}

/** Lists the pages with the largest F1 loss: missed and extra snippets, or gold / extracted paragraphs. */
function printWorst(pages: Page[], texts: string[], n: number): void {
  const rows = pages.map((p, i) => {
    const text = texts[i] ?? '';
    if (p.traf) {
      const t = collapseWhitespace(text);
      const missed = p.traf.with.filter((s) => !t.includes(collapseWhitespace(s)));
      const extra = p.traf.without.filter((s) => t.includes(collapseWhitespace(s)));
      return { id: p.url ?? '', loss: missed.length + extra.length, missed, extra };
    }
    const s = shinglePage(p.gold ?? '', text);
    const f1 = s.precision + s.recall > 0 ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0;
    const g = shingles(p.gold ?? '');
    const x = shingles(text);
    const missed = (p.gold ?? '').split('\n').filter((l) => l.trim() && covered(l, x) < 0.5);
    const extra = text.split('\n\n').filter((l) => l.trim() && covered(l, g) < 0.5);
    return { id: `${p.file ?? ''} P ${pct(s.precision)} R ${pct(s.recall)}`, loss: 1 - f1, missed, extra };
  });
  rows.sort((a, b) => b.loss - a.loss);
  for (const r of rows.slice(0, n)) {
    console.log(`\n== loss ${r.loss.toFixed(3)} ${r.id}`);
    for (const m of r.missed) console.log(`  - ${clip(m)}`);
    for (const e of r.extra) console.log(`  + ${clip(e)}`);
  }
}

const pct = (x: number): string => x.toFixed(3);
const pad = (s: string | number, n: number): string => String(s).padStart(n);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.scaling) return scaling(args.parser);
  const sets = args.stressOnly ? [] : args.set === 'all' ? (['trafilatura', 'daniel'] as const) : ([args.set] as const);
  const summary: Record<string, unknown> = { parser: args.parser };
  const lines = [`${'set'.padEnd(12)} ${'tool'.padEnd(12)} ${pad('pages', 5)} ${pad('F1', 6)} ${pad('P', 6)} ${pad('R', 6)} ${pad('pages/s', 8)} ${pad('ms/page', 8)} ${pad('RSS MB', 7)} ${pad('heap MB', 7)} errors`];
  for (const name of sets) {
    const pages = loadSet(name, args.limit);
    const tools: [string, () => Promise<RunResult>][] = [['mediamon', async () => run(mediamon(args.parser), pages)]];
    if (args.reference) tools.push(['readability', () => runReadability(pages)]);
    for (const [toolName, runTool] of tools) {
      const r = await runTool();
      const s = score(pages, r.texts);
      const pps = pages.length / r.seconds;
      lines.push(`${name.padEnd(12)} ${toolName.padEnd(12)} ${pad(pages.length, 5)} ${pad(pct(s.f1), 6)} ${pad(pct(s.precision), 6)} ${pad(pct(s.recall), 6)} ${pad(pps.toFixed(1), 8)} ${pad((1000 / pps).toFixed(2), 8)} ${pad((r.peakRss / MB).toFixed(0), 7)} ${pad((r.peakHeap / MB).toFixed(0), 7)} ${r.errors}`);
      summary[`${name}.${toolName}`] = { ...s, pagesPerSec: pps, peakRssMb: r.peakRss / MB, peakHeapMb: r.peakHeap / MB, errors: r.errors, pages: pages.length };
    }
    if (args.worst > 0) printWorst(pages, run(mediamon(args.parser), pages).texts, args.worst);
    if (name === 'trafilatura') summary['metadata'] = metadataAccuracy(pages, args.parser, args.metaMisses);
  }
  console.log(lines.join('\n'));
  if (summary['metadata']) {
    const m = summary['metadata'] as Record<string, { n: number; acc: number }>;
    console.log(`\nmediamon metadata on trafilatura cases: ${Object.entries(m).map(([k, v]) => `${k} ${pct(v.acc)} (n=${v.n})`).join(', ')}`);
  }
  const st = stress(args.parser);
  console.log('\nstress (mediamon):');
  for (const s of st) console.log(`  ${s.name.padEnd(28)} ${pad(s.ms.toFixed(0), 6)} ms  text ${pad(s.chars, 8)} chars  rss ${s.rssMb.toFixed(0)} MB  heap ${s.heapMb.toFixed(0)} MB  ${s.cpuMs.toFixed(0)} ms CPU`);
  const an = analyseStress();
  console.log(`  ${an.name.padEnd(28)} ${pad(an.ms.toFixed(0), 6)} ms  text ${pad(an.chars, 8)} chars  ${an.mentions} mentions  ${an.cpuMs.toFixed(0)} ms CPU`);
  summary['stress'] = [...st, an];
  if (args.json) console.log(JSON.stringify(summary));
}

if (!process.argv.includes(WORKER_FLAG)) await main();
else workerMain();
