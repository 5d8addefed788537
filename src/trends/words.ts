/**
 * A spike in words, one way everywhere it is shown (the pages, the digests, `mediamon trends`): the
 * usual level rounded to one decimal with no trailing ".0" ("usual 1", "usual 1.2"), and counts with
 * their noun in the singular or plural.
 */

/** "1" for 1.04, "1.2" for 1.23: the usual level as people read it. */
export function usualLevel(expected: number): string {
  return String(Number(expected.toFixed(1)));
}

/** "1 source", "3 sources". */
export function counted(n: number, noun: 'article' | 'source'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface SpikeFigures {
  count: number;
  expected: number;
  sources: number;
}

/** "14 articles in the hour from 09:00 Kyiv (usual 1.2), from 6 sources"; `when` is the bucket in words. */
export function spikeWords(s: SpikeFigures, when: string): string {
  return `${counted(s.count, 'article')} ${when} (usual ${usualLevel(s.expected)}), from ${counted(s.sources, 'source')}`;
}

/**
 * "14 articles from 6 sources (usual 1.2)": a spike whose time is said elsewhere (a chart marker, a
 * list); `aside` goes inside the brackets ("usual 1.2, 9 sd above").
 */
export function spikeShort(s: SpikeFigures, aside?: string): string {
  return `${counted(s.count, 'article')} from ${counted(s.sources, 'source')} (usual ${usualLevel(s.expected)}${aside ? `, ${aside}` : ''})`;
}
