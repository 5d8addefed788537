/**
 * The HTTP server (`mediamon serve`, and `mediamon run` unless --no-server): health, readiness,
 * Prometheus metrics, the queue dashboard, the alerts page and Atom feeds. Without credentials in the
 * environment it listens on a loopback address only.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Runtime } from '../pipeline/runtime.js';
import { processEnv } from '../settings/env.js';
import { createApp } from './app.js';
import { authFromEnv, isLoopbackHost } from './auth.js';

export interface ServerOptions {
  /** Default: settings.server.host (127.0.0.1). */
  host?: string;
  /** Default: settings.server.port (8080); 0 picks a free port. */
  port?: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  /** Whether credentials are required (MEDIAMON_TOKEN or MEDIAMON_USER/MEDIAMON_PASSWORD set). */
  authenticated: boolean;
  close(): Promise<void>;
}

/** Start listening; throws (`server: ...`) on a non-loopback host without credentials, or a busy port. */
export async function startServer(rt: Runtime, options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? rt.current.config.settings.server.host;
  const port = options.port ?? rt.current.config.settings.server.port;
  const auth = authFromEnv(options.env ?? processEnv());
  if (!auth && !isLoopbackHost(host)) {
    throw new Error(`server: refusing to listen on ${host} without authentication: set MEDIAMON_TOKEN, or MEDIAMON_USER and MEDIAMON_PASSWORD`);
  }
  const app = createApp({ config: rt.current.config, store: rt.store, redis: rt.redis, queues: rt.queues, logger: rt.logger, auth });
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: Error) => reject(new Error(`server: cannot listen on ${host}:${port}: ${error.message}`)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  if (auth) rt.logger.info({ url }, 'server: listening (authentication required)');
  else rt.logger.warn({ url }, 'server: no MEDIAMON_TOKEN or MEDIAMON_USER/MEDIAMON_PASSWORD set: listening on loopback only, open to local users');
  return {
    url,
    authenticated: auth !== null,
    close: () =>
      new Promise<void>((resolve) => {
        const http = server as import('node:http').Server;
        http.close(() => resolve());
        http.closeAllConnections?.();
      }),
  };
}
