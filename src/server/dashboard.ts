/** The BullMQ dashboard (bull-board) at /admin/queues, over the four stage queues. */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { STAGES, type QueueSet } from '../queues/index.js';

export const DASHBOARD_PATH = '/admin/queues';

/** Mount the dashboard on `app` (authentication is the app's middleware, applied before this). */
export function mountDashboard(app: Hono, queues: QueueSet): void {
  const adapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: STAGES.map((stage) => new BullMQAdapter(queues.queues[stage])),
    // @bull-board/hono pins its own copy of @bull-board/api: same shape, separately declared types.
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'mediamon queues' } },
  });
  adapter.setBasePath(DASHBOARD_PATH);
  app.route(DASHBOARD_PATH, adapter.registerPlugin());
}
