/**
 * Short lists of very frequent words (function words mostly) per language, written for mediamon, in
 * data/words/<lang>.txt. A word listed for several languages counts for each of them; its weight is
 * shared among them.
 */
import { readLanguageFiles } from './data.js';

let sets: ReadonlyMap<string, ReadonlySet<string>> | null = null;

/** Per-language word sets, read and built on first use. */
export function commonWordSets(): ReadonlyMap<string, ReadonlySet<string>> {
  sets ??= new Map([...readLanguageFiles('words')].map(([lang, words]) => [lang, new Set(words.split(/\s+/).filter(Boolean))]));
  return sets;
}
