/**
 * /feeds/<subscription>.atom: a subscription's alerts as an Atom feed. The renderer belongs to delivery
 * (src/delivery/); until it exports one, a known subscription answers 501 and says so.
 * TODO(delivery): call the delivery Atom renderer here once it exists.
 */
import type { Context } from 'hono';
import type { Config } from '../config/load.js';

export function atomRoute(deps: { config: Config }): (c: Context) => Response {
  return (c) => {
    const id = c.req.param('file')!.replace(/\.atom$/, '');
    const subscription = deps.config.subscriptions.find((s) => s.id === id);
    if (!subscription) return c.text(`server: no subscription '${id}'\n`, 404);
    return c.text('server: Atom feeds are not available yet (the delivery renderer is not built)\n', 501);
  };
}
