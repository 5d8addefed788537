/** Cross-file checks of narratives.yaml. */
import type { WatchlistConfig } from '../tagging/schema.js';
import type { NarrativesConfig } from './schema.js';

const NARRATIVES_FILE = 'narratives.yaml';

/** Watchlist entries that narratives' groups name but the watchlist lacks, as "FILE: KEY: message" lines. */
export function validateNarrativeRefs(narratives: NarrativesConfig, watchlist: WatchlistConfig, file = NARRATIVES_FILE): string[] {
  const ids = new Set(watchlist.entries.map((e) => e.id));
  const problems: string[] = [];
  narratives.narratives.forEach((n, i) => n.claims.forEach((c, k) => {
    for (const [kind, groups] of [['all', c.all], ['not', c.not]] as const) {
      groups.forEach((g, j) => g.entities.forEach((e) => {
        if (!ids.has(e)) problems.push(`${file}: narratives.${i}.claims.${k}.${kind}.${j}.entities: unknown watchlist entry '${e}'`);
      }));
    }
  }));
  return problems;
}

