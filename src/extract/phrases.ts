/**
 * The interface phrase lists of src/extract/data/phrases.yaml (list -> language -> phrases), read
 * once when the first extraction module loads; the modules compile their regexes from them at load.
 * The build (dist/src/extract/) reads the same file from src/extract/data, which ships with the
 * package ("files" in package.json), as src/language/data does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

const FILE = 'phrases.yaml';
/** A phrase between slashes is a regex pattern, kept as written. */
const PATTERN = /^\/(.+)\/$/s;
const REGEX_SYNTAX = /[.*+?^${}()|[\]\\]/g;

const Lists = z.record(z.string(), z.record(z.string(), z.array(z.string().min(1)).min(1)));
type Lists = z.infer<typeof Lists>;

/** src/extract/data/phrases.yaml, from the source or from the build. */
function phraseFile(): string {
  const beside = fileURLToPath(new URL(`./data/${FILE}`, import.meta.url));
  if (existsSync(beside)) return beside;
  const fromBuild = fileURLToPath(new URL(`../../../src/extract/data/${FILE}`, import.meta.url));
  if (existsSync(fromBuild)) return fromBuild;
  throw new Error(`extract: phrase file not found (looked for ${beside} and ${fromBuild})`);
}

function readLists(): Lists {
  const file = phraseFile();
  const parsed = Lists.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`extract: ${file}: ${parsed.error.message}`);
  return parsed.data;
}

const LISTS = readLists();

/** One list as language -> phrases, languages in file order. */
export function phraseList(name: string): Record<string, string[]> {
  const list = LISTS[name];
  if (!list) throw new Error(`extract: no phrase list "${name}" in ${FILE}`);
  return list;
}

/** One list as a regex group `(?:a|b|...)`, languages in file order: literal phrases escaped, /patterns/ as written. */
export function alternation(name: string): string {
  return `(?:${Object.values(phraseList(name)).flat().map(phraseSource).join('|')})`;
}

function phraseSource(phrase: string): string {
  const pattern = PATTERN.exec(phrase);
  return pattern ? pattern[1]! : phrase.replace(REGEX_SYNTAX, '\\$&');
}
