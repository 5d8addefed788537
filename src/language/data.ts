/**
 * The language data files in src/language/data/, one text file per language:
 *   prose/<lang>.txt  training prose for the character models (written for mediamon, no third-party text);
 *   words/<lang>.txt  very frequent words (function words mostly).
 * Whitespace only separates words in them (lines are wrapped for reading). Each kind is read on first
 * use, once. The build (dist/src/language/) reads the same files from src/language/data, which ships
 * with the package ("files" in package.json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** src/language/data, from the source or from the build. */
export function languageDataDir(): string {
  const beside = fileURLToPath(new URL('./data/', import.meta.url));
  if (existsSync(beside)) return beside;
  const fromBuild = fileURLToPath(new URL('../../../src/language/data/', import.meta.url));
  if (existsSync(fromBuild)) return fromBuild;
  throw new Error(`language: data folder not found (looked in ${beside} and ${fromBuild})`);
}

/** Every <lang>.txt of one kind, as language -> text, languages in alphabetical order. */
export function readLanguageFiles(kind: 'prose' | 'words'): Map<string, string> {
  const dir = `${languageDataDir()}${kind}/`;
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  if (files.length === 0) throw new Error(`language: no ${kind} files in ${dir}`);
  return new Map(files.map((f) => [f.slice(0, -'.txt'.length), readFileSync(dir + f, 'utf8')]));
}
