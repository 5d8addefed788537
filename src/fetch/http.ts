/**
 * One HTTP client for feeds and pages: whole-request timeout, body and decompression caps, redirects
 * followed by hand so each hop is re-checked, the private-network guard applied to the address
 * actually connected to (a guarded DNS lookup, so no rebinding gap), conditional GET, Retry-After.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Agent, request } from 'undici';
import { FetchError, parseRetryAfter } from './errors.js';
import { addressRefusal, compileAllowList, hostAllowed, ipLiteral, type AllowList } from './guard.js';

export interface HttpClientOptions {
  /** Whole-request timeout (headers and body), ms. */
  timeoutMs: number;
  /** Largest body accepted, after decompression, in bytes. */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Hosts or CIDRs exempt from the private-network guard. */
  allowHosts: readonly string[];
  /** Optional politeness gate (per-host concurrency and spacing), shared across workers. */
  politeness?: Politeness;
}

/** A per-host gate: `acquire` resolves when a request to `host` may start; call the returned release. */
export interface Politeness {
  acquire(host: string): Promise<() => Promise<void> | void>;
  /** Milliseconds the host asked us (Retry-After) to stay away for; 0 when it may be asked. */
  blockedFor?(host: string): Promise<number>;
  /** Remember a host's Retry-After for every worker. */
  block?(host: string, ms: number): Promise<void>;
  /** The host gave a real answer (not a rate limit): it is no longer making us wait. */
  answered?(host: string): Promise<void>;
}

/** The Accept header of a request for a web page (an article, a news site's listing, a Telegram preview). */
export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export interface FetchRequest {
  url: string;
  accept?: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchResponse {
  /** The URL after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  contentType: string | null;
  contentLanguage: string | null;
  etag: string | null;
  lastModified: string | null;
  cacheControl: string | null;
  body: Uint8Array;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** A DNS lookup that refuses to hand a forbidden address to the socket. */
function guardedLookup(allow: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (!hostAllowed(hostname, allow)) {
        for (const { address } of list) {
          const refusal = addressRefusal(address, allow);
          if (refusal) return callback(new FetchError('blocked', `${hostname} resolves to ${refusal}`, { url: hostname }), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Drop a body we will not read. A destroyed undici body emits 'error'; nobody must care. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function decompressor(encoding: string | null, firstByte: number | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | zlib.InflateRaw | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      // "deflate" is zlib-wrapped by the spec and raw by many servers; the first byte tells.
      return (firstByte ?? 0) % 16 === 8 ? zlib.createInflate() : zlib.createInflateRaw();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** Read a body, decompressing as declared, stopping at `maxBytes` of output (decompression bombs too). */
async function readBody(body: Readable, encoding: string | null, maxBytes: number, url: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  const tooLarge = () => new FetchError('too-large', `${url}: body exceeds ${maxBytes} bytes`, { url });
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return new Uint8Array(0);
  const inflate = decompressor(encoding, first.value[0]);
  const source = Readable.from((async function* () {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })());
  const stream: AsyncIterable<Buffer> = inflate ? source.pipe(inflate) : source;
  try {
    for await (const chunk of stream) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (inflate) throw new FetchError('network', `${url}: cannot decompress ${encoding} body: ${(error as Error).message}`, { url });
    throw error;
  } finally {
    source.destroy();
    inflate?.destroy();
    discard(body);
  }
  return Buffer.concat(chunks, total);
}

export class HttpClient {
  private readonly allow: AllowList;
  private readonly agent: Agent;

  constructor(private readonly options: HttpClientOptions) {
    this.allow = compileAllowList(options.allowHosts);
    this.agent = new Agent({
      connect: { lookup: guardedLookup(this.allow), timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connections: 64,
    });
  }

  /** Refuse a URL before any connection: scheme, and IP literals outside the allow list. */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new FetchError('bad-url', `not a URL: ${raw}`, { url: raw });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('blocked', `${raw}: scheme ${url.protocol} is not allowed (http and https only)`, { url: raw });
    }
    const literal = ipLiteral(url.hostname);
    if (literal && !hostAllowed(url.hostname, this.allow)) {
      const refusal = addressRefusal(literal, this.allow);
      if (refusal) throw new FetchError('blocked', `${raw}: ${refusal} (allow it with MEDIAMON_ALLOW_HOSTS)`, { url: raw });
    }
    return url;
  }

  /**
   * GET a URL, following redirects. Throws FetchError; a 304 is a normal response with notModified.
   * The timeout covers the whole request over every hop, but not time spent waiting for the host's
   * politeness slot: a busy host must not make its other feeds time out before they are even sent.
   */
  async fetch(req: FetchRequest): Promise<FetchResponse> {
    const budget = { remainingMs: this.options.timeoutMs };
    const visited = new Set<string>();
    let url = this.checkUrl(req.url);
    for (let hop = 0; ; hop++) {
      if (visited.has(url.href)) throw new FetchError('redirect', `${req.url}: redirect loop at ${url.href}`, { url: req.url });
      visited.add(url.href);
      if (budget.remainingMs <= 0) throw new FetchError('timeout', `${url.href}: timed out after ${this.options.timeoutMs} ms`, { url: url.href });
      const response = await this.once(url, req, budget, hop === 0);
      if (!response.redirect) return response.result!;
      if (hop >= this.options.maxRedirects) {
        throw new FetchError('redirect', `${req.url}: more than ${this.options.maxRedirects} redirects`, { url: req.url });
      }
      url = this.checkUrl(new URL(response.redirect, url).href);
    }
  }

  private async once(url: URL, req: FetchRequest, budget: { remainingMs: number }, conditional: boolean): Promise<{ redirect?: string; result?: FetchResponse }> {
    const politeness = this.options.politeness;
    const blockedMs = (await politeness?.blockedFor?.(url.host)) ?? 0;
    if (blockedMs > 0) {
      // The host said Retry-After: no request to it from any worker until then.
      throw new FetchError('rate-limited', `${url.href}: ${url.host} asked to wait, ${Math.ceil(blockedMs / 1000)} s left (not sent)`, { url: url.href, retryAfterMs: blockedMs });
    }
    const release = politeness ? await politeness.acquire(url.host) : null;
    const started = Date.now();
    const signal = AbortSignal.timeout(Math.max(1, budget.remainingMs));
    try {
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        accept: req.accept ?? '*/*',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (conditional && req.etag) headers['if-none-match'] = req.etag;
      if (conditional && req.lastModified) headers['if-modified-since'] = req.lastModified;
      const res = await request(url, { method: 'GET', headers, dispatcher: this.agent, signal }).catch((error: unknown) => {
        throw this.classify(error, url.href);
      });
      res.body.on('error', () => undefined);
      const status = res.statusCode;
      const location = header(res.headers, 'location');
      if (REDIRECT_STATUSES.has(status) && location) {
        discard(res.body);
        return { redirect: location };
      }
      try {
        this.throwForStatus(status, res.headers, url.href, () => discard(res.body));
      } catch (error) {
        const retryAfterMs = error instanceof FetchError && error.kind === 'rate-limited' ? error.details.retryAfterMs : undefined;
        if (retryAfterMs && politeness?.block) await politeness.block(url.host, retryAfterMs).catch(() => undefined);
        else if (!(error instanceof FetchError && error.kind === 'rate-limited')) await politeness?.answered?.(url.host).catch(() => undefined);
        throw error;
      }
      await politeness?.answered?.(url.host).catch(() => undefined);
      const body = status === 304
        ? (discard(res.body), new Uint8Array(0))
        : await readBody(res.body, header(res.headers, 'content-encoding'), this.options.maxBytes, url.href).catch((error: unknown) => {
          throw this.classify(error, url.href);
        });
      return {
        result: {
          url: url.href,
          status,
          notModified: status === 304,
          contentType: header(res.headers, 'content-type'),
          contentLanguage: header(res.headers, 'content-language'),
          etag: header(res.headers, 'etag'),
          lastModified: header(res.headers, 'last-modified'),
          cacheControl: header(res.headers, 'cache-control'),
          body,
        },
      };
    } finally {
      budget.remainingMs -= Date.now() - started;
      await release?.();
    }
  }

  private throwForStatus(status: number, headers: Record<string, string | string[] | undefined>, url: string, discard: () => void): void {
    if (status < 400) return;
    discard();
    const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
    if (status === 429 || (status === 503 && retryAfterMs !== undefined)) {
      throw new FetchError('rate-limited', `${url}: HTTP ${status}${retryAfterMs !== undefined ? `, retry after ${Math.round(retryAfterMs / 1000)} s` : ''}`, { url, status, retryAfterMs });
    }
    throw new FetchError(status >= 500 ? 'http-5xx' : 'http-4xx', `${url}: HTTP ${status}`, { url, status });
  }

  private classify(error: unknown, url: string): FetchError {
    if (error instanceof FetchError) return error;
    const err = error as Error & { code?: string; cause?: unknown };
    if (err.cause instanceof FetchError) return err.cause;
    const name = err.name ?? '';
    const code = err.code ?? '';
    if (name === 'TimeoutError' || name === 'AbortError' || /TIMEOUT/.test(code)) {
      return new FetchError('timeout', `${url}: timed out after ${this.options.timeoutMs} ms`, { url });
    }
    return new FetchError('network', `${url}: ${code ? `${code} ` : ''}${err.message}`, { url });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
