/**
 * The HTTP application: health and readiness (open), then behind authentication the alerts page, the
 * article view, /metrics, the queue dashboard and the subscriptions' Atom feeds.
 */
import { Hono, type Context } from 'hono';
import type { Redis } from 'ioredis';
import type { Config } from '../config/load.js';
import type { Logger } from '../log.js';
import type { QueueSet } from '../queues/index.js';
import type { Store } from '../store/index.js';
import { renderAlertsPage } from './alerts-page.js';
import { alertsJson, findAlerts } from './alerts-search.js';
import { trendsJson } from './trends-api.js';
import { renderArticlePage } from './article-page.js';
import { requireAuth, type AuthSettings } from './auth.js';
import { mountDashboard } from './dashboard.js';
import { createMetrics } from './metrics.js';
import { PAGE_CSP } from './layout.js';
import { atomRoute } from './atom.js';
import { mountAnalystPages } from './analyst-routes.js';

/** How long /readyz waits for Redis and the store before answering 503. */
export const READY_TIMEOUT_MS = 2_000;

export interface AppDeps {
  config: Config;
  store: Store;
  /** A command connection (not a blocking worker connection). */
  redis: Redis;
  queues: QueueSet;
  logger: Logger;
  auth: AuthSettings | null;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function htmlResponse(c: Context, body: string, status: 200 | 404 = 200): Response {
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(body, status);
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const metrics = createMetrics(deps);
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.get('/healthz', (c) => c.text('ok\n'));
  app.get('/readyz', async (c) => {
    const checks = await Promise.allSettled([
      within(deps.redis.ping(), READY_TIMEOUT_MS, 'redis'),
      within(deps.store.ping(), READY_TIMEOUT_MS, 'store'),
    ]);
    const [redis, store] = checks.map((r) => (r.status === 'fulfilled' ? 'ok' : String((r.reason as Error).message)));
    const ready = redis === 'ok' && store === 'ok';
    return c.json({ ready, redis, store }, ready ? 200 : 503);
  });
  if (deps.auth) app.use('*', requireAuth(deps.auth, { trustProxy: deps.config.settings.server.trustProxy }));
  app.get('/', (c) => c.redirect('/stories'));
  app.get('/alerts', async (c) => htmlResponse(c, await renderAlertsPage(deps.store, deps.config, c.req.query())));
  app.get('/api/trends', async (c) => {
    const answer = await trendsJson(deps.store, c.req.query());
    return c.json(answer.body, answer.status);
  });
  app.get('/api/alerts', async (c) => c.json(alertsJson(await findAlerts(deps.store, deps.config, c.req.query()))));
  app.get('/articles/:id{[0-9]+}', async (c) => {
    // An id past what the stores can hold (BIGSERIAL, and a safe JS integer) is no article, not a store error.
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return c.text('server: no such article\n', 404);
    const body = await renderArticlePage(deps.store, deps.config, id);
    return body ? htmlResponse(c, body) : c.text('server: no such article\n', 404);
  });
  mountAnalystPages(app, deps);
  app.get('/metrics', async (c) => c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType }));
  app.get('/feeds/:file{[a-z0-9][a-z0-9._-]*\\.atom}', atomRoute(deps));
  app.get('/subscriptions/:id{[a-z0-9][a-z0-9._-]*}/atom', atomRoute(deps));
  mountDashboard(app, deps.queues);
  app.notFound((c) => c.text('server: not found\n', 404));
  app.onError((error, c) => {
    deps.logger.error({ err: error.message, path: c.req.path }, 'server: request failed');
    return c.text('server: internal error\n', 500);
  });
  return app;
}
