/**
 * No import cycles among src/ and workers/ modules (with or without type-only imports), and no folder
 * of src/ but cli/ and server/ imports the CLI, the server or the workers, type imports included
 * (issue #13: stages get only what they use).
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

describe('module graph', () => {
  it('has no import cycles', () => {
    const edges = graph();
    expect([...edges.values()].flat().length).toBeGreaterThan(150);
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(edges)).toBeNull();
    expect(findCycle(graph(IMPORT_OR_TYPE))).toBeNull();
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
