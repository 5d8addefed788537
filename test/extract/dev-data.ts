/**
 * Reads the shared extraction development data in place (../shared/data/extraction-dev, resolved
 * from the repo root), for the benchmark and the whole-corpus test. Works from test/ and dist/test/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeBytes } from '../../src/fetch/charset.js';
import { sharedData } from '../helpers/paths.js';

/** One trafilatura evaluation case. */
export interface TrafilaturaCase {
  url: string;
  file: string;
  with: string[];
  without: string[];
  title?: string;
  /** One name, or several (compared joined with ", "). */
  author?: string | string[];
  date?: string;
  sitename?: string;
}

/** One DAnIEL page with its gold text. */
export interface DanielPage {
  name: string;
  file: string;
  gold: string;
}

/** The repository root: the nearest ancestor of this module holding package.json. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('extract: cannot find the repository root (no package.json above the bench)');
    dir = up;
  }
  return dir;
}

/** ../shared/data/extraction-dev relative to the repo root (through the one shared-data helper). */
export function extractionDataDir(): string {
  return sharedData('extraction-dev');
}

export function trafilaturaCases(): TrafilaturaCase[] {
  const file = path.join(extractionDataDir(), 'trafilatura', 'cases.json');
  return JSON.parse(readFileSync(file, 'utf8')) as TrafilaturaCase[];
}

export function trafilaturaPagePath(c: TrafilaturaCase): string {
  return path.join(extractionDataDir(), 'trafilatura', c.file);
}

export function danielPages(): DanielPage[] {
  const dir = path.join(extractionDataDir(), 'daniel-ru');
  return readdirSync(path.join(dir, 'pages'))
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.html.gz'.length);
      return { name, file: path.join(dir, 'pages', f), gold: readFileSync(path.join(dir, 'gold', `${name}.txt`), 'utf8') };
    });
}

/** Reads a gzipped page and decodes it with the fetch stage's charset rules. */
export function readPage(file: string): string {
  return decodeBytes(gunzipSync(readFileSync(file)), { kind: 'html' }).text;
}
