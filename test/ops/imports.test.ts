/**
 * No import cycles among src/ and workers/ modules (type-only imports excluded: they vanish at
 * runtime), and the stage folders never import the CLI or the server's pages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/services.js';

const IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of [...sources(path.join(REPO_ROOT, 'src')), ...sources(path.join(REPO_ROOT, 'workers'))]) {
    const targets: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
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
  });

  it('keeps the server out of the pipeline stages (only the workers push metrics)', () => {
    const stageDirs = ['extract', 'feeds', 'fetch', 'language', 'tagging', 'pipeline', 'store'].map((d) => path.join(REPO_ROOT, 'src', d));
    for (const [file, targets] of graph()) {
      if (!stageDirs.some((d) => file.startsWith(d + path.sep))) continue;
      const bad = targets.filter((t) => t.includes(`${path.sep}src${path.sep}server${path.sep}`) || t.includes(`${path.sep}src${path.sep}cli${path.sep}`));
      expect(bad.map((t) => path.relative(REPO_ROOT, t)), path.relative(REPO_ROOT, file)).toEqual([]);
    }
  });
});
