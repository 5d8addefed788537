/** The labelled narrative set: test/fixtures/narratives/<lang>.jsonl, one {id, text, narratives} a line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

export interface LabelledItem {
  id: string;
  text: string;
  /** The narratives the text carries; [] for a neutral report. */
  narratives: string[];
}

export function readItems(lang: string): LabelledItem[] {
  const file = join(REPO_ROOT, 'test', 'fixtures', 'narratives', `${lang}.jsonl`);
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledItem);
}
