/**
 * Per-site extraction rules as data (Postlight-parser style): CSS selectors for the body and the
 * metadata, and elements to drop first. Looked up by exact host, then by base domain.
 */
import { selectAll } from 'css-select';
import type { AnyNode, Element } from './dom.js';

/** Extraction rule for one site. Selectors are CSS (css-select dialect). */
export interface SiteRule {
  /** Host the rule applies to: 'www.example.com' (that host only) or 'example.com' (all its subdomains). */
  host: string;
  /** Body selectors, tried in order; the first that matches anything gives the body. */
  body?: string[];
  /** Selector for the title element (text, or `content` attribute on <meta>). */
  title?: string;
  author?: string;
  /** Selector for the date element (`datetime`/`content` attribute, else text). */
  date?: string;
  /** Selectors of elements removed before the body is read. */
  drop?: string[];
}

/** Second-level labels under which registrations happen one level deeper (example.co.uk). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'edu', 'ac', 'in', 'kiev', 'spb', 'msk', 'or', 'ne', 'go']);

/** The registrable domain of a host, e.g. 'news.bbc.co.uk' → 'bbc.co.uk'. */
export function baseDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const keep = SECOND_LEVEL.has(labels[labels.length - 2]!) && labels[labels.length - 1]!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Finds the rule for a URL's host: exact host first, then the base domain; null when none. */
export function findSiteRule(rules: readonly SiteRule[], url: string | null): SiteRule | null {
  if (!url || rules.length === 0) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const exact = rules.find((r) => r.host.toLowerCase() === host);
  if (exact) return exact;
  const base = baseDomain(host);
  return rules.find((r) => r.host.toLowerCase() === base) ?? null;
}

/** Throws `extract: ...` when a rule has an empty host or a selector css-select cannot parse. */
export function validateSiteRule(rule: SiteRule): void {
  if (!rule.host || /[\s/]/.test(rule.host)) throw new Error(`extract: site rule has a bad host "${rule.host}"`);
  const selectors = [...(rule.body ?? []), ...(rule.drop ?? []), rule.title, rule.author, rule.date];
  for (const s of selectors) {
    if (s === undefined) continue;
    try {
      selectAll(s, []);
    } catch (e) {
      throw new Error(`extract: site rule for ${rule.host}: bad selector "${s}" (${(e as Error).message})`);
    }
  }
}

/** All elements matching a selector under root; [] (never a throw) for an unparseable selector. */
export function select(selector: string, root: AnyNode): Element[] {
  try {
    return selectAll<AnyNode, Element>(selector, root);
  } catch {
    return [];
  }
}
