/** Shared fixtures for the tagging tests: the shipped config, compiled once, and the repo root. */
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { loadConfig } from '../../src/config/load.js';
import { compileWatchlist, tagText } from '../../src/tagging/index.js';


/** ../shared/data paths go through the one helper (it knows when the data is absent or hidden). */
export { sharedData } from '../helpers/paths.js';
export const config = loadConfig(join(repoRoot(), 'config'), {});
export const compiled = compileWatchlist(config.watchlist);

/** Entity ids mentioned in a text (sorted, unique). */
export function entities(text: string): string[] {
  return [...new Set(tagText(text, compiled).map((m) => m.entity))].sort();
}

/** The surface texts of the mentions of one entity. */
export function surfaces(text: string, entity: string): string[] {
  return tagText(text, compiled).filter((m) => m.entity === entity).map((m) => m.text);
}
