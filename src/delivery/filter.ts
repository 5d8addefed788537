/**
 * Which alerts a subscription wants: its filter (rules, entities, languages, feeds, affiliations: empty = any; a
 * minimum score), and a tally of what the filter left out, by reason, for the digest's counts.
 */
import type { AlertRecord } from '../store/types.js';
import type { SubscriptionConfig } from './schema.js';

export type LeftOutReason = 'rule' | 'entity' | 'language' | 'feed' | 'affiliation' | 'score';

/** Why a subscription does not want an alert, or null when it does. */
export function filterReason(alert: AlertRecord, filter: SubscriptionConfig['filter']): LeftOutReason | null {
  if (filter.rules.length && !filter.rules.includes(alert.rule)) return 'rule';
  if (filter.languages.length && !filter.languages.includes(alert.lang)) return 'language';
  if (filter.feeds.length && !filter.feeds.includes(alert.feedId)) return 'feed';
  if (filter.affiliations.length && !(alert.affiliation && (filter.affiliations as string[]).includes(alert.affiliation))) return 'affiliation';
  if (filter.entities.length && !alert.entities.some((e) => filter.entities.includes(e))) return 'entity';
  if (alert.score < filter.minScore) return 'score';
  return null;
}

export interface FilterResult {
  wanted: AlertRecord[];
  /** Alerts left out, per reason. */
  leftOut: Partial<Record<LeftOutReason, number>>;
}

/** Split alerts into the ones a subscription wants and a count of the others by reason. */
export function applyFilter(alerts: AlertRecord[], subscription: SubscriptionConfig): FilterResult {
  const wanted: AlertRecord[] = [];
  const leftOut: FilterResult['leftOut'] = {};
  for (const alert of alerts) {
    const reason = filterReason(alert, subscription.filter);
    if (reason === null) wanted.push(alert);
    else leftOut[reason] = (leftOut[reason] ?? 0) + 1;
  }
  return { wanted, leftOut };
}
