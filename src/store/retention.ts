/**
 * Retention as the operator configured it (settings.retention): the store's prune policy, the report
 * `mediamon prune` and the daily job print, and the daily job itself (one scheduler on the deliver
 * queue, so it runs once across every process).
 */
import { formatDuration } from '../settings/duration.js';
import type { Settings } from '../settings/schema.js';
import type { PruneCounts, PruneOptions, PrunePolicy, Store } from './types.js';

/** The store's policy from the settings (durations are already milliseconds). */
export function retentionPolicy(settings: Settings): PrunePolicy {
  const r = settings.retention;
  return { articlesMs: r.articles, alertedArticlesMs: r.alertedArticles, deliveriesMs: r.deliveries, dedupKeysMs: r.dedupKeys };
}

function age(ms: number): string {
  return ms > 0 ? `older than ${formatDuration(ms)}` : 'kept forever';
}

const number = (n: number) => n.toLocaleString('en-US');

/** A few readable lines: what was (or would be) deleted, per table, and why. */
export function formatPrune(counts: PruneCounts, policy: PrunePolicy, dryRun: boolean): string {
  const rows: [string, number, string][] = [
    ['articles without alerts', counts.articles, age(policy.articlesMs)],
    ['articles with alerts', counts.alertedArticles, age(policy.alertedArticlesMs)],
    ['  their mentions', counts.mentions, ''],
    ['  their narratives', counts.narratives, ''],
    ['  their alerts', counts.alerts, ''],
    ['  their Telegram posts', counts.telegramPosts, ''],
    ['  stories left empty', counts.stories, ''],
    ['deliveries (sent/failed)', counts.deliveries, age(policy.deliveriesMs)],
    ['  delivery-alert links', counts.deliveryLinks, ''],
    ['seen item keys', counts.seenItems, age(policy.dedupKeysMs)],
    ['tombstones expired', counts.tombstonesExpired, age(policy.dedupKeysMs)],
    ['spikes (rising rules)', counts.spikes, age(policy.alertedArticlesMs)],
  ];
  const width = Math.max(...rows.map(([, n]) => number(n).length));
  const head = dryRun ? 'prune --dry-run: would delete (nothing changed)' : 'prune: deleted';
  const lines = rows.map(([label, n, why]) => `  ${label.padEnd(26)} ${number(n).padStart(width)}${why ? `  (${why})` : ''}`);
  const kept = `${dryRun ? 'would keep' : 'kept'} ${number(counts.tombstonesAdded)} pruned article key(s) as tombstones, so a feed repeating them stores nothing`;
  return [head, ...lines, `  ${kept}`].join('\n') + '\n';
}

/** Prune with the configured policy and batch size. */
export function pruneWithSettings(store: Store, settings: Settings, options: Omit<PruneOptions, 'batchSize'> = {}): Promise<PruneCounts> {
  return store.prune(retentionPolicy(settings), { ...options, batchSize: settings.retention.batchSize });
}
