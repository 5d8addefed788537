/**
 * The health of the configured feeds, in the words an operator needs: how many are failing and, when
 * all or most are, the likely common cause (a DNS failure, no network, connections refused...). Used
 * by `run`'s warnings, the alerts page banner and /sources. Pure: takes the config and the feed rows.
 */
import type { FeedConfig } from '../settings/schema.js';
import type { FeedState } from '../store/types.js';

/** "Most feeds fail": at least this share of the feeds polled so far. */
const MOST = 0.75;

export type FailureCause = 'dns' | 'no-network' | 'refused' | 'timeout' | 'blocked' | 'tls' | 'http' | 'not-a-feed' | 'other';

/** Patterns over a feed row's last status and error, first match wins. */
const CAUSES: [FailureCause, RegExp][] = [
  ['dns', /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)\b|getaddrinfo/],
  ['no-network', /\b(ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN)\b/],
  ['refused', /\bECONNREFUSED\b/],
  ['blocked', /^blocked\b|MEDIAMON_ALLOW_HOSTS|private|scheme .* not allowed/],
  ['timeout', /^timeout\b|\bETIMEDOUT\b|timed? ?out/i],
  ['tls', /certificate|\bCERT_|\bSSL\b|\bTLS\b|EPROTO/],
  ['http', /^(http-4xx|http-5xx|rate-limited)\b|HTTP \d{3}/],
  ['not-a-feed', /^(not-a-feed|empty|malformed|unsupported|not-html)\b/],
];

/** What each cause most likely means, for a person. */
export const CAUSE_TEXT: Record<FailureCause, string> = {
  dns: 'DNS failure: the feed hosts do not resolve (no network, or no DNS server reachable)',
  'no-network': 'no network: the feed hosts are unreachable',
  refused: 'connections refused (a firewall or proxy in the way, or the servers are down)',
  timeout: 'requests time out (a slow or filtered network, or a proxy needed)',
  blocked: 'the private-network guard refuses their addresses (allow them with MEDIAMON_ALLOW_HOSTS)',
  tls: 'TLS failures (a proxy intercepting HTTPS, or a wrong system clock)',
  http: 'the servers answer with HTTP errors (check the feed URLs)',
  'not-a-feed': 'the answers are not feeds (check the feed URLs with `mediamon feeds check URL`)',
  other: 'various errors',
};

export function failureCause(state: Pick<FeedState, 'lastStatus' | 'lastError'>): FailureCause {
  const text = `${state.lastStatus ?? ''} ${state.lastError ?? ''}`.trim();
  return CAUSES.find(([, re]) => re.test(text))?.[0] ?? 'other';
}

export interface FeedHealth {
  /** Enabled feeds in the config. */
  configured: number;
  /** Of those, polled at least once. */
  polled: number;
  /** Configured feeds whose last poll failed, or that were disabled after failing. */
  failing: FeedState[];
  /** All or most of the polled feeds are failing. */
  mostFailing: boolean;
  /** The commonest cause among the failing feeds, or null when none fail. */
  cause: FailureCause | null;
  /** CAUSE_TEXT of `cause`. */
  causeText: string | null;
}

export function isFailing(state: FeedState): boolean {
  return state.consecutiveErrors > 0 || state.disabledReason !== null;
}

export function feedHealth(feeds: FeedConfig[], states: FeedState[]): FeedHealth {
  const enabled = new Set(feeds.filter((f) => f.enabled).map((f) => f.id));
  const mine = states.filter((s) => enabled.has(s.id) && s.removedAt === null);
  const polled = mine.filter((s) => s.lastPolledAt !== null).length;
  const failing = mine.filter(isFailing);
  const tally = new Map<FailureCause, number>();
  for (const state of failing) tally.set(failureCause(state), (tally.get(failureCause(state)) ?? 0) + 1);
  const cause = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return {
    configured: enabled.size,
    polled,
    failing,
    mostFailing: failing.length > 0 && failing.length >= Math.ceil(MOST * Math.max(polled, failing.length)),
    cause,
    causeText: cause ? CAUSE_TEXT[cause] : null,
  };
}

/** One sentence for a warning: "all 20 feeds are failing; likely cause: DNS failure: ...". */
export function healthSentence(health: FeedHealth): string {
  const n = health.failing.length;
  const share = n === health.polled ? `all ${n} feed${n === 1 ? '' : 's'} polled ${n === 1 ? 'is' : 'are'}` : `${n} of ${health.polled} feeds polled are`;
  return `${share} failing; likely cause: ${health.causeText ?? CAUSE_TEXT.other}`;
}
