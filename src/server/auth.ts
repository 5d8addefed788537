/**
 * Who may use the HTTP server: a token (MEDIAMON_TOKEN, sent as `Authorization: Bearer T`, or once as
 * `?token=T`, which sets a session cookie so a browser can follow links), or basic auth
 * (MEDIAMON_USER / MEDIAMON_PASSWORD). Without either, the server only listens on a loopback address.
 * The session cookie never holds the token: it is an issue time signed with HMAC-SHA256 under
 * MEDIAMON_SESSION_SECRET, or a key derived from the token (so a new token ends every session); it is
 * HttpOnly, SameSite=Strict, expires after SESSION_MAX_AGE_S, and is Secure when the request came over
 * TLS (or through a proxy saying `X-Forwarded-Proto: https`, when `server.trustProxy` is on).
 * /healthz and /readyz stay open for probes; they reveal nothing but up/ready.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { processEnv } from '../settings/env.js';

export interface AuthSettings {
  token: string | null;
  user: string | null;
  password: string | null;
  /** Key of the session cookie's signature (MEDIAMON_SESSION_SECRET); null: derived from the token. */
  sessionSecret?: string | null;
}

export interface AuthOptions {
  /** Believe X-Forwarded-Proto (a TLS-terminating proxy in front): `server.trustProxy`. Default false. */
  trustProxy?: boolean;
  /** The clock, seconds (tests). */
  now?: () => number;
}

export const TOKEN_COOKIE = 'mediamon_session';
/** A browser session lasts this long after `?token=`, seconds (30 days). */
export const SESSION_MAX_AGE_S = 30 * 86_400;
const SESSION_VERSION = 'v1';
export const OPEN_PATHS = new Set(['/healthz', '/readyz']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

/** Authentication settings from the environment; null when none is configured. */
export function authFromEnv(env: NodeJS.ProcessEnv = processEnv()): AuthSettings | null {
  const token = env.MEDIAMON_TOKEN || null;
  const user = env.MEDIAMON_USER || null;
  const password = env.MEDIAMON_PASSWORD || null;
  const sessionSecret = env.MEDIAMON_SESSION_SECRET || null;
  if (Boolean(user) !== Boolean(password)) throw new Error('server: set both MEDIAMON_USER and MEDIAMON_PASSWORD, or neither');
  return token || user ? { token, user, password, sessionSecret } : null;
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Compare secrets in constant time (digests first, so lengths do not leak either). */
function same(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function basicMatches(header: string, auth: AuthSettings): boolean {
  if (!auth.user || !auth.password || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Evaluate both comparisons: no short-circuit timing on the user name.
  const userOk = same(decoded.slice(0, colon), auth.user);
  const passOk = same(decoded.slice(colon + 1), auth.password);
  return userOk && passOk;
}

function sessionKey(auth: AuthSettings & { token: string }): Buffer {
  return createHmac('sha256', auth.sessionSecret || `mediamon-session:${auth.token}`).update(auth.token).digest();
}

/** A session value: `v1.<issued, s>.<HMAC of both>` (base64url). */
export function signSession(auth: AuthSettings & { token: string }, issuedS: number): string {
  const body = `${SESSION_VERSION}.${issuedS}`;
  return `${body}.${createHmac('sha256', sessionKey(auth)).update(body).digest('base64url')}`;
}

function validSession(auth: AuthSettings & { token: string }, value: string, nowS: number): boolean {
  const match = /^v1\.(\d{1,12})\.[\w-]{43}$/.exec(value);
  if (!match) return false;
  const issued = Number(match[1]);
  const signedOk = same(value, signSession(auth, issued));
  return signedOk && issued <= nowS + 60 && nowS - issued < SESSION_MAX_AGE_S;
}

/** Whether the request reached us over TLS, directly or (when trusted) through a proxy. */
function overTls(c: Context, trustProxy: boolean): boolean {
  const socket = (c.env as { incoming?: { socket?: { encrypted?: boolean } } } | undefined)?.incoming?.socket;
  if (socket?.encrypted || new URL(c.req.url).protocol === 'https:') return true;
  const forwarded = trustProxy ? c.req.header('x-forwarded-proto') : undefined;
  return forwarded?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Middleware refusing every request but the open paths without valid credentials. */
export function requireAuth(auth: AuthSettings, options: AuthOptions = {}): MiddlewareHandler {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    if (auth.token) {
      const tokenAuth = auth as AuthSettings & { token: string };
      const bearer = header.startsWith('Bearer ') ? header.slice(7) : null;
      if (bearer !== null && same(bearer, auth.token)) return next();
      const cookie = getCookie(c, TOKEN_COOKIE);
      if (cookie && validSession(tokenAuth, cookie, now())) return next();
      const query = c.req.query('token');
      if (query && same(query, auth.token)) {
        setCookie(c, TOKEN_COOKIE, signSession(tokenAuth, now()), {
          httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_MAX_AGE_S, secure: overTls(c, options.trustProxy ?? false),
        });
        return next();
      }
    }
    if (basicMatches(header, auth)) return next();
    if (auth.user) c.header('WWW-Authenticate', 'Basic realm="mediamon", charset="UTF-8"');
    return c.text('server: authentication required\n', 401);
  };
}
