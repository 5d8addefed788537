/**
 * /feeds/<subscription>.atom: a subscription's alerts as an Atom feed, rendered by delivery
 * (atomFeedForSubscription); also at /subscriptions/<id>/atom, delivery's default link. Links use settings.server.baseUrl when set, else the request's origin.
 */
import type { Context } from 'hono';
import type { Config } from '../config/load.js';
import { atomFeedForSubscription } from '../delivery/atom.js';
import type { Store } from '../store/index.js';

export function atomRoute(deps: { config: Config; store: Store }): (c: Context) => Promise<Response> {
  return async (c) => {
    const id = c.req.param('id') ?? c.req.param('file')!.replace(/\.atom$/, '');
    if (!deps.config.subscriptions.some((s) => s.id === id)) return c.text(`server: no subscription '${id}'\n`, 404);
    const base = (deps.config.settings.server.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
    const xml = await atomFeedForSubscription(deps.store, deps.config, id, base, { selfUrl: `${base}/feeds/${id}.atom` });
    return c.body(xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  };
}
