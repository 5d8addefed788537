/** The order of an article's entity chips on every page: most prominent first. */
import type { AlertRecord } from '../store/index.js';
import type { Mention } from '../types.js';

/**
 * An article's entity chips, most prominent first: the entities its rules fired on (their evidence),
 * then the rest in the store's order (named in the headline, then by how often the text names them).
 */
export function byProminence(entities: readonly string[], alerts: readonly Pick<AlertRecord, 'evidence'>[]): string[] {
  const evidence = new Set(alerts.flatMap((a) => a.evidence.map((m) => m.entity)));
  return [...entities.filter((e) => evidence.has(e)), ...entities.filter((e) => !evidence.has(e))];
}

/** The entities of an article's mentions as the store orders them: named in the headline, then most often named, then by id. */
export function entitiesByProminence(mentions: readonly Mention[]): string[] {
  const seen = new Map<string, { title: boolean; n: number }>();
  for (const m of mentions) {
    const e = seen.get(m.entity) ?? { title: false, n: 0 };
    seen.set(m.entity, { title: e.title || m.field === 'title', n: e.n + 1 });
  }
  return [...seen].sort(([a, x], [b, y]) => Number(y.title) - Number(x.title) || y.n - x.n || (a < b ? -1 : a > b ? 1 : 0)).map(([id]) => id);
}
