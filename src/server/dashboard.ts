/**
 * The BullMQ dashboard (bull-board) at /admin/queues, over the four stage queues. Its page is served
 * with two changes: the web-font stylesheet bull-board loads from a third-party host is dropped (an
 * offline browser waits for it; an online one tells that host about the analyst's visit; the system
 * fonts read well), and a strip above the board links back to the app and says which worker processes
 * Redis knows of: `serve` runs no workers itself, so an empty board means no `run` or `worker` process
 * is connected anywhere, and the strip says so in those words.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono, Next } from 'hono';
import { STAGES, type QueueSet } from '../queues/index.js';
import { escapeHtml } from './html.js';

export const DASHBOARD_PATH = '/admin/queues';

/** Stylesheets and preconnects to other hosts in bull-board's page (its web fonts). */
const THIRD_PARTY_LINK = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>\s*/gi;
const STRIP_STYLE = 'position:fixed;left:0;right:0;bottom:0;z-index:1000;display:flex;gap:1rem;flex-wrap:wrap;align-items:baseline;padding:.4rem 1rem;background:#1f3347;color:#fff;font:14px/1.4 system-ui,sans-serif';

/** "poll 1, fetch 1, analyze 2, deliver 1" or the words for none. */
async function workersLine(queues: QueueSet): Promise<string> {
  const counts = await Promise.all(STAGES.map(async (stage) => [stage, (await queues.queues[stage].getWorkers().catch(() => [])).length] as const));
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) {
    return 'No worker process is connected to these queues (this server runs none itself): jobs wait until `mediamon run` or `mediamon worker <stage>` starts.';
  }
  const idle = counts.filter(([, n]) => n === 0).map(([stage]) => stage);
  return `Workers connected to Redis: ${counts.map(([stage, n]) => `${stage} ${n}`).join(', ')}${idle.length ? ` (no worker for ${idle.join(', ')}: those jobs wait)` : ''}.`;
}

/** Rewrite bull-board's HTML page: no third-party requests, a way back, the workers seen in Redis. */
function rewritePage(queues: QueueSet) {
  return async (c: Context, next: Next) => {
    await next();
    if (!c.res.headers.get('content-type')?.includes('text/html')) return;
    const page = await c.res.text();
    if (page.includes('data-mediamon-strip')) {
      c.res = new Response(page, c.res);
      return;
    }
    const strip = `<div data-mediamon-strip style="${STRIP_STYLE}"><a href="/alerts" style="color:#fff;font-weight:600">← mediamon alerts</a>` +
      `<a href="/sources" style="color:#fff">Sources</a><span>${escapeHtml(await workersLine(queues))}</span></div>`;
    const rewritten = page.replace(THIRD_PARTY_LINK, '').replace(/<body([^>]*)>/i, (body) => `${body}${strip}`);
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = new Response(rewritten, { status: c.res.status, headers });
  };
}

/** Mount the dashboard on `app` (authentication is the app's middleware, applied before this). */
export function mountDashboard(app: Hono, queues: QueueSet): void {
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: STAGES.map((stage) => new BullMQAdapter(queues.queues[stage])),
    // @bull-board/hono pins its own copy of @bull-board/api: same shape, separately declared types.
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: {
      uiConfig: {
        boardTitle: 'mediamon queues',
        miscLinks: [{ text: 'mediamon alerts', url: '/alerts' }, { text: 'Sources', url: '/sources' }],
        hideDocsLink: true,
      },
    },
  });
  adapter.setBasePath(DASHBOARD_PATH);
  // Only HTML is rewritten: the static files and the JSON API pass untouched.
  app.use(DASHBOARD_PATH, rewritePage(queues));
  app.use(`${DASHBOARD_PATH}/*`, rewritePage(queues));
  app.route(DASHBOARD_PATH, adapter.registerPlugin());
}
