/**
 * Who may use the HTTP server: a token (MEDIAMON_TOKEN, sent as `Authorization: Bearer T`, or once as
 * `?token=T`, which sets an HttpOnly cookie so a browser can follow links), or basic auth
 * (MEDIAMON_USER / MEDIAMON_PASSWORD). Without either, the server only listens on a loopback address.
 * /healthz and /readyz stay open for probes; they reveal nothing but up/ready.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { processEnv } from '../config/env.js';

export interface AuthSettings {
  token: string | null;
  user: string | null;
  password: string | null;
}

export const TOKEN_COOKIE = 'mediamon_token';
export const OPEN_PATHS = new Set(['/healthz', '/readyz']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

/** Authentication settings from the environment; null when none is configured. */
export function authFromEnv(env: NodeJS.ProcessEnv = processEnv()): AuthSettings | null {
  const token = env.MEDIAMON_TOKEN || null;
  const user = env.MEDIAMON_USER || null;
  const password = env.MEDIAMON_PASSWORD || null;
  if (Boolean(user) !== Boolean(password)) throw new Error('server: set both MEDIAMON_USER and MEDIAMON_PASSWORD, or neither');
  return token || user ? { token, user, password } : null;
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

/** Middleware refusing every request but the open paths without valid credentials. */
export function requireAuth(auth: AuthSettings): MiddlewareHandler {
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    if (auth.token) {
      const bearer = header.startsWith('Bearer ') ? header.slice(7) : null;
      if (bearer !== null && same(bearer, auth.token)) return next();
      const cookie = getCookie(c, TOKEN_COOKIE);
      if (cookie && same(cookie, auth.token)) return next();
      const query = c.req.query('token');
      if (query && same(query, auth.token)) {
        setCookie(c, TOKEN_COOKIE, query, { httpOnly: true, sameSite: 'Strict', path: '/' });
        return next();
      }
    }
    if (basicMatches(header, auth)) return next();
    if (auth.user) c.header('WWW-Authenticate', 'Basic realm="mediamon", charset="UTF-8"');
    return c.text('server: authentication required\n', 401);
  };
}
