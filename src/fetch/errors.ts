/**
 * Every fetch failure is sorted at the boundary into a few kinds, each mapped to queue behaviour:
 * permanent kinds fail the job now (and count toward disabling a feed), rate-limited delays it,
 * transient kinds let BullMQ retry with backoff.
 */
export type FetchErrorKind =
  | 'bad-url'
  | 'blocked'
  | 'network'
  | 'timeout'
  | 'http-4xx'
  | 'http-5xx'
  | 'rate-limited'
  | 'too-large'
  | 'redirect'
  | 'not-html';

const PERMANENT: ReadonlySet<FetchErrorKind> = new Set(['bad-url', 'blocked', 'http-4xx', 'too-large', 'redirect', 'not-html']);

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly details: { url: string; status?: number; retryAfterMs?: number } = { url: '' },
  ) {
    super(message.startsWith('fetch: ') ? message : `fetch: ${message}`);
    this.name = 'FetchError';
  }

  /** Permanent failures are not retried: the same request would fail the same way. */
  get permanent(): boolean {
    return PERMANENT.has(this.kind);
  }
}

/** Parse Retry-After (delta seconds or an HTTP date) to milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
