/**
 * The set-up of the page tests in Chromium: a server world filled by the test, the server on
 * 127.0.0.1:0, and one browser, opened before the describe block and closed after it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { launchBrowser } from '../helpers/browser.js';
import { openWorld, type World } from './fixture.js';

export interface BrowsedWorld {
  world: World;
  server: RunningServer;
  browser: Browser;
}

/** Register the hooks on the enclosing describe block; `fill` stores what the pages will show. */
export function useBrowsedWorld(fill: (world: World) => Promise<unknown>): BrowsedWorld {
  const b = {} as BrowsedWorld;
  beforeAll(async () => {
    b.world = await openWorld();
    await fill(b.world);
    b.server = await startServer(b.world.rt, { port: 0, env: {} });
    b.browser = await launchBrowser();
  });
  afterAll(async () => {
    await b.browser?.close();
    await b.server?.close();
    await b.world?.cleanup();
  });
  return b;
}
