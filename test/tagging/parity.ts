/**
 * Cross-language parity of tagging: the same sentence in English, Russian and Ukrainian should yield
 * the same watchlist entries. Read by test/tagging/parity.test.ts and `npm run bench:parity`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tagText, type CompiledWatchlist } from '../../src/tagging/index.js';

export const PARITY_LANGS = ['en', 'ru', 'uk'] as const;
export type ParityLang = (typeof PARITY_LANGS)[number];
/** The share of sentences whose three versions should yield the same entity set. */
export const PARITY_TARGET = 0.9;

export interface ParallelLine {
  id: string;
  en: string;
  ru: string;
  uk: string;
}

export interface ParityRow {
  id: string;
  entities: Record<ParityLang, string[]>;
  same: boolean;
}

export interface ParityReport {
  rows: ParityRow[];
  /** Sentences whose three versions yield the same entity set, over all sentences. */
  agreement: number;
  /** Per language: sentences whose set equals the majority set of the three (or English's when all differ). */
  byLang: Record<ParityLang, number>;
}

/** Reads a parallel set: one JSON object a line with `id`, `en`, `ru`, `uk`. */
export function readParallel(file: string): ParallelLine[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
    const v = JSON.parse(l) as ParallelLine;
    if (typeof v.id !== 'string' || PARITY_LANGS.some((lang) => typeof v[lang] !== 'string')) throw new Error(`parity: ${file}: line ${i + 1}: needs id, en, ru, uk`);
    return v;
  });
}

export const parallelFile = (root: string): string => join(root, 'test', 'fixtures', 'parallel', 'news-en-ru-uk.jsonl');

const entitySet = (text: string, compiled: CompiledWatchlist): string[] => [...new Set(tagText(text, compiled).map((m) => m.entity))].sort();

/** Tags each version of each line and compares the entity sets. */
export function parityReport(lines: ParallelLine[], compiled: CompiledWatchlist): ParityReport {
  const rows = lines.map((line): ParityRow => {
    const entities = Object.fromEntries(PARITY_LANGS.map((lang) => [lang, entitySet(line[lang], compiled)])) as Record<ParityLang, string[]>;
    const keys = PARITY_LANGS.map((lang) => entities[lang].join(','));
    return { id: line.id, entities, same: keys.every((k) => k === keys[0]) };
  });
  const byLang = Object.fromEntries(PARITY_LANGS.map((lang) => [lang, 0])) as Record<ParityLang, number>;
  for (const row of rows) {
    const keys = PARITY_LANGS.map((lang) => row.entities[lang].join(','));
    const majority = keys.find((k) => keys.filter((o) => o === k).length >= 2) ?? keys[0];
    PARITY_LANGS.forEach((lang, i) => { if (keys[i] === majority) byLang[lang]++; });
  }
  const n = Math.max(1, rows.length);
  for (const lang of PARITY_LANGS) byLang[lang] /= n;
  return { rows, agreement: rows.filter((r) => r.same).length / n, byLang };
}
