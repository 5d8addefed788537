/** Shared fixtures for the tagging tests: the shipped config, compiled once, and the repo root. */
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { compileWatchlist, loadTaggingConfig, tagText } from '../../src/tagging/index.js';


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
