/**
 * No import cycles among src/ and workers/ modules (with or without type-only imports), none among
 * their folders, and no folder of src/ but cli/ and server/ imports the CLI, the server or the
 * workers, type imports included (issue #13: stages get only what they use).
 *
 * No folder cycle means the folders can be layered; today's layers, bottom to top (a folder imports only
 * from the layers below it and, in its own layer, from the folders it is said to be over):
 * 1. src/settings/ (the environment, the schemas of mediamon.yaml and feeds.yaml, the zod field helpers
 *    every schema shares), src/types.ts (the shapes one stage hands the next), src/log.ts (over settings);
 * 2. the stages, plain functions: fetch/, feeds/ (over fetch), sources/ (listing pages and Telegram,
 *    over feeds and extract), extract/, language/, tagging/, narratives/ and search/ (over tagging),
 *    stories/ (over search);
 * 3. store/ (persists what the stages make; its text index and story assignment use search and
 *    stories) and queues/ (each queue declared once);
 * 4. trends/ and delivery/, which read the store; each stage keeps its config schema (tagging/schema.ts,
 *    delivery/schema.ts, narratives/schema.ts) and takes its slice of the config, not the loader's Config;
 * 5. config/: the loader, composing every stage's schema into one Config;
 * 6. pipeline/: the stages wired to queues and store;
 * 7. server/ and workers/, the entry points, and cli/ over them.
 * src/log.ts and src/types.ts are single modules that every layer may use, not a folder, so each is its
 * own node of the folder graph (grouping them would invent a dependency between them).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/services.js';

const IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;
/** The same, type-only imports included. */
const IMPORT_OR_TYPE = /^\s*(?:import|export)\s+(?:type\s+)?[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

function graph(pattern = IMPORT): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of [...sources(path.join(REPO_ROOT, 'src')), ...sources(path.join(REPO_ROOT, 'workers'))]) {
    const targets: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const target = path.resolve(path.dirname(file), (match[1] ?? match[2])!.replace(/\.js$/, '.ts'));
      if (existsSync(target)) targets.push(target);
    }
    edges.set(file, targets);
  }
  return edges;
}

function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle.map((f) => path.relative(REPO_ROOT, f));
  }
  return null;
}

/**
 * The folder graph: an edge from folder A to folder B (absolute paths; workers/ is one folder, src/log.ts
 * and src/types.ts one node each) holds the file imports from A into B.
 */
function foldersOf(edges: Map<string, string[]>): Map<string, Map<string, string[]>> {
  const folder = (file: string): string => {
    const [root, sub] = path.relative(REPO_ROOT, file).split(path.sep);
    return root === 'workers' ? path.join(REPO_ROOT, 'workers') : path.join(REPO_ROOT, root!, sub!);
  };
  const folders = new Map<string, Map<string, string[]>>();
  for (const [file, targets] of edges) {
    const from = folder(file);
    const out = folders.get(from) ?? folders.set(from, new Map()).get(from)!;
    for (const target of targets) {
      const to = folder(target);
      const edge = `${path.relative(REPO_ROOT, file)} -> ${path.relative(REPO_ROOT, target)}`;
      if (to === from) continue;
      out.set(to, [...(out.get(to) ?? []), edge]);
    }
  }
  return folders;
}

/** The first folder cycle, one line a hop with the file imports that make it; [] when there is none. */
function cycleReport(folders: Map<string, Map<string, string[]>>): string[] {
  const cycle = findCycle(new Map([...folders].map(([from, out]) => [from, [...out.keys()]])));
  if (!cycle) return [];
  return cycle.slice(1).map((to, i) => {
    const from = path.join(REPO_ROOT, cycle[i]!);
    return `${cycle[i]} -> ${to} (${folders.get(from)!.get(path.join(REPO_ROOT, to))!.join(', ')})`;
  });
}

describe('module graph', () => {
  it('has no import cycles', () => {
    const edges = graph();
    expect([...edges.values()].flat().length).toBeGreaterThan(150);
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(edges)).toBeNull();
    expect(findCycle(graph(IMPORT_OR_TYPE))).toBeNull();
  });

  it('has no import cycles between folders, type imports included', () => {
    const folderEdges = foldersOf(graph(IMPORT_OR_TYPE));
    expect(folderEdges.size).toBeGreaterThan(15);
    expect(cycleReport(folderEdges)).toEqual([]);
    // A new import from a lower layer back up is caught, and reported with the imports that make it.
    const store = path.join(REPO_ROOT, 'src', 'store');
    const config = path.join(REPO_ROOT, 'src', 'config');
    const withBad = new Map([...folderEdges, [store, new Map([...folderEdges.get(store)!, [config, ['src/store/x.ts -> src/config/load.ts']]])]]);
    expect(cycleReport(withBad).join('\n')).toMatch(/src\/store -> src\/config \(src\/store\/x\.ts -> src\/config\/load\.ts\)/);
  });

  it('keeps every folder but cli/ and server/ from importing the CLI, the server or the workers, type imports included', () => {
    const OUTER = new Set(['cli', 'server', 'workers']);
    /** workers, or the folder of src/ a file is in ('' for src/log.ts and src/types.ts). */
    const area = (file: string): string => {
      const [root, sub] = path.relative(REPO_ROOT, file).split(path.sep);
      return root === 'workers' ? 'workers' : sub!.endsWith('.ts') ? '' : sub!;
    };
    const edges = graph(IMPORT_OR_TYPE);
    expect(new Set([...edges.keys()].map(area)).size).toBeGreaterThan(15);
    expect(area(path.join(REPO_ROOT, 'workers', 'poll.ts'))).toBe('workers');
    const bad: string[] = [];
    for (const [file, targets] of edges) {
      if (OUTER.has(area(file))) continue;
      for (const target of targets) {
        const edge = `${path.relative(REPO_ROOT, file)} -> ${path.relative(REPO_ROOT, target)}`;
        if (OUTER.has(area(target))) bad.push(edge);
      }
    }
    expect(bad).toEqual([]);
  });
});
