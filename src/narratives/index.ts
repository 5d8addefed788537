/**
 * Known narratives (config/narratives.yaml): parse, compile once, detect in a text, and let rules
 * require them. Typical use:
 *
 *   const narratives = compileNarratives(parseNarratives(yamlText));
 *   const carried = detectNarratives(text, narratives, mentions);   // [{narrative, claim, sentence...}]
 *   const rules = withNarratives(rulesConfig, narrativeIds(carried)); // then evaluateRules as usual
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { NarrativesSchema, type NarrativesConfig } from './schema.js';

export { compileNarratives, detectNarratives, narrativeIds, type CompiledNarratives, type NarrativeHit } from './match.js';
export { narrativeRefs, withNarratives } from './rules.js';
export { validateNarrativeRefs } from './validate.js';
export * from './schema.js';

/** The file name inside a config folder. */
export const NARRATIVES_FILE = 'narratives.yaml';
export const EMPTY_NARRATIVES: NarrativesConfig = { version: 1, cues: {}, narratives: [] };

/** Parses and validates narratives YAML; throws `narratives: FILE: KEY: message` on bad input. */
export function parseNarratives(yamlText: string, file = NARRATIVES_FILE): NarrativesConfig {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { maxAliasCount: 10_000 });
  } catch (err) {
    throw new Error(`narratives: ${file}: invalid YAML: ${(err as Error).message}`);
  }
  const result = NarrativesSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new Error(`narratives: invalid config\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Reads DIR/narratives.yaml; a folder without one has no narratives. */
export function loadNarratives(dir: string): NarrativesConfig {
  const file = join(dir, NARRATIVES_FILE);
  if (!existsSync(file)) return EMPTY_NARRATIVES;
  return parseNarratives(readFileSync(file, 'utf8'), file);
}
