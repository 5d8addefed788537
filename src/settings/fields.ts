/**
 * Field helpers the config schemas share (mediamon.yaml and feeds.yaml, watchlist and rules,
 * subscriptions, narratives): the two id shapes, unique ids in a list, http(s) URLs.
 */
import { Cron } from 'croner';
import { z } from 'zod';

/** Feed, subscription and channel ids: lower-case letters, digits, ".", "_" or "-". */
export const SOURCE_ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
/** Watchlist entry, rule, narrative and claim ids: lower-case kebab-case. */
export const KEBAB_ID_RE = /^[a-z0-9][a-z0-9-]*$/;

/** An id in lower-case kebab-case (entries, rules, narratives, claims). */
export const kebabId = z.string().regex(KEBAB_ID_RE, 'must be lower-case kebab-case');

/** An http: or https: URL (trimmed). */
export const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/**
 * Reports every item of `items` whose id an earlier item already has, at `[...path, index, 'id']`,
 * with `message(id, firstIndex)` (default: "duplicate id 'x'").
 */
export function checkUniqueIds(
  items: readonly { id: string }[],
  ctx: z.RefinementCtx,
  path: readonly (string | number)[],
  message: (id: string, first: number) => string = (id) => `duplicate id '${id}'`,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: message(item.id, first) });
    else seen.set(item.id, index);
  });
}

/** Whether a schedule setting is `keyword` (e.g. "off", "immediate") or a cron expression croner accepts. */
export function isCronOr(keyword: string): (value: string) => boolean {
  return (value) => {
    if (value === keyword) return true;
    try {
      new Cron(value, { paused: true });
      return true;
    } catch {
      return false;
    }
  };
}
