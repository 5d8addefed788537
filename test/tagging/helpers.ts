/** Shared fixtures for the tagging tests: the shipped config, compiled once, and the repo root. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWatchlist, loadTaggingConfig, tagText } from '../../src/tagging/index.js';

/** Walks up from this file to the directory holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test: package.json not found');
    dir = up;
  }
  return dir;
}

export const sharedData = (...parts: string[]): string => join(repoRoot(), '..', 'shared', 'data', ...parts);
export const config = loadTaggingConfig(join(repoRoot(), 'config'));
export const compiled = compileWatchlist(config.watchlist);

/** Entity ids mentioned in a text (sorted, unique). */
export function entities(text: string): string[] {
  return [...new Set(tagText(text, compiled).map((m) => m.entity))].sort();
}

/** The surface texts of the mentions of one entity. */
export function surfaces(text: string, entity: string): string[] {
  return tagText(text, compiled).filter((m) => m.entity === entity).map((m) => m.text);
}
