/**
 * Impossible dates and ids in a URL are the visitor's mistake, not a server error, on both stores:
 * `from=9999-99-99` and `to=2024-13-45` are ignored like any other malformed filter (the page answers
 * 200), and an article id past what a store can hold is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { isCalendarDate } from '../../src/server/alerts-search.js';
import { openWorld, seed, type World } from './fixture.js';

describe.each(['sqlite', 'postgres'] as const)('server on %s: bad dates and ids', (store) => {
  let world: World;
  let server: RunningServer;

  beforeAll(async () => {
    world = await openWorld(store);
    await seed(world.rt, 2);
    server = await startServer(world.rt, { port: 0, env: {} });
  });
  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });

  it.each(['/alerts?from=9999-99-99', '/alerts?to=2024-13-45', '/alerts?from=2024-02-30&to=2024-13-45'])('%s answers the page, filter ignored', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Plain story 0');
  });

  it.each(['/articles/999999999999999999999', '/articles/9223372036854775808', '/articles/0'])('%s is 404', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(404);
  });

  it('a real date still filters', async () => {
    const body = await (await fetch(`${server.url}/alerts?from=2030-01-01`)).text();
    expect(body).not.toContain('Plain story 0');
  });
});

describe('calendar dates', () => {
  it('accepts real days only', () => {
    expect(['2024-02-29', '2026-12-01'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2023-02-29', '2024-13-45', '9999-99-99', '2024-1-1', ''].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });
});
