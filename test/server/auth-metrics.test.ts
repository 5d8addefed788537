/**
 * Authentication (token as Bearer header, ?token= then cookie, basic auth; /healthz open), readiness
 * when the store is gone, and /metrics fed by a real BullMQ worker pushing its counters to Redis.
 */
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startStageWorker } from '../../src/queues/worker.js';
import { createApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import { openWorld, seed, type World } from './fixture.js';

describe('server: authentication', () => {
  let world: World;
  let server: RunningServer;
  beforeAll(async () => {
    world = await openWorld();
    server = await startServer(world.rt, { host: '127.0.0.1', port: 0, env: { MEDIAMON_TOKEN: 's3cret', MEDIAMON_USER: 'ana', MEDIAMON_PASSWORD: 'pw:1' } });
  });
  afterAll(async () => {
    await server?.close();
    await world?.cleanup();
  });
  const status = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${server.url}${path}`, { headers, redirect: 'manual' })).status;

  it('keeps /healthz and /readyz open and everything else closed', async () => {
    expect(await status('/healthz')).toBe(200);
    expect(await status('/readyz')).toBe(200);
    for (const path of ['/alerts', '/metrics', '/admin/queues', '/admin/queues/api/queues', '/articles/1']) expect(await status(path), path).toBe(401);
    const res = await fetch(`${server.url}/alerts`);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="mediamon"/);
  });

  it('accepts the token as a Bearer header, and nothing close to it', async () => {
    expect(await status('/metrics', { authorization: 'Bearer s3cret' })).toBe(200);
    expect(await status('/metrics', { authorization: 'Bearer s3cre' })).toBe(401);
    expect(await status('/metrics', { authorization: 's3cret' })).toBe(401);
  });

  it('accepts ?token= once and then a signed HttpOnly session cookie that does not hold the token', async () => {
    const first = await fetch(`${server.url}/alerts?token=s3cret`);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^mediamon_session=v1\.\d+\.[\w-]+;.*Max-Age=2592000.*HttpOnly.*SameSite=Strict/i);
    expect(cookie).not.toContain('s3cret');
    // Plain HTTP, no trusted proxy: not Secure (a browser would drop a Secure cookie on http://).
    expect(cookie).not.toMatch(/Secure/i);
    const session = cookie.split(';')[0]!;
    expect(await status('/admin/queues', { cookie: session })).toBe(200);
    expect(await status('/alerts?token=wrong')).toBe(401);
    // A forged or altered session, or the raw token as the cookie, is refused.
    const [name, value] = session.split('=') as [string, string];
    const [v, issued, mac] = value.split('.') as [string, string, string];
    expect(await status('/alerts', { cookie: `${name}=${v}.${Number(issued) + 1}.${mac}` })).toBe(401);
    expect(await status('/alerts', { cookie: `${name}=${v}.${issued}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}` })).toBe(401);
    expect(await status('/alerts', { cookie: `${name}=s3cret` })).toBe(401);
    expect(await status('/alerts', { cookie: 'mediamon_token=s3cret' })).toBe(401);
    // X-Forwarded-Proto is not believed unless server.trustProxy is on.
    const forwarded = await fetch(`${server.url}/alerts?token=s3cret`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(forwarded.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });

  it('marks the session cookie Secure behind a trusted TLS proxy, and a new token or secret ends old sessions', async () => {
    const { config: running } = world.rt.current;
    const config = { ...running, settings: { ...running.settings, server: { ...running.settings.server, trustProxy: true } } };
    const app = (token: string, sessionSecret: string | null = null) =>
      createApp({ config, store: world.rt.store, redis: world.rt.redis, queues: world.rt.queues, logger: silentLogger, auth: { token, user: null, password: null, sessionSecret } });
    const behindProxy = await app('s3cret').request('/alerts?token=s3cret', { headers: { 'x-forwarded-proto': 'https' } });
    const cookie = behindProxy.headers.get('set-cookie')!;
    expect(cookie).toMatch(/; Secure/);
    const plain = await app('s3cret').request('/alerts?token=s3cret', { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    const session = cookie.split(';')[0]!;
    expect((await app('s3cret').request('/alerts', { headers: { cookie: session } })).status).toBe(200);
    expect((await app('n3w-token').request('/alerts', { headers: { cookie: session } })).status).toBe(401);
    const signed = (await app('s3cret', 'k1').request('/alerts?token=s3cret')).headers.get('set-cookie')!.split(';')[0]!;
    expect((await app('s3cret', 'k1').request('/alerts', { headers: { cookie: signed } })).status).toBe(200);
    expect((await app('s3cret', 'k2').request('/alerts', { headers: { cookie: signed } })).status).toBe(401);
  });

  it('accepts basic auth with the configured user and password', async () => {
    const basic = (user: string, pass: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
    expect(await status('/alerts', basic('ana', 'pw:1'))).toBe(200);
    expect(await status('/alerts', basic('ana', 'pw'))).toBe(401);
    expect(await status('/alerts', basic('bob', 'pw:1'))).toBe(401);
  });
});

describe('server: readiness', () => {
  it('answers 503 and names the part that is down', async () => {
    const world = await openWorld();
    const dead = await openStore('sqlite::memory:');
    await dead.close();
    try {
      const app = createApp({ ...world.rt, config: world.rt.current.config, store: dead, auth: null });
      const res = await app.request('/readyz');
      expect(res.status).toBe(503);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ ready: false, redis: 'ok' });
      expect(body.store).not.toBe('ok');
    } finally {
      await world.cleanup();
    }
  });
});

describe('server: /metrics', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld();
    await seed(world.rt);
  });
  afterAll(async () => world?.cleanup());

  async function scrape(): Promise<string> {
    const res = await createApp({ ...world.rt, config: world.rt.current.config, auth: null }).request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  }

  it('shows job counters and durations pushed by worker processes, queue depths, and store figures', async () => {
    const { rt } = world;
    const connection = rt.redis.duplicate();
    const worker = startStageWorker('fetch', { connection, prefix: rt.queues.prefix, concurrency: 2, logger: silentLogger }, async (job) => {
      if (job.data.bad) throw new UnrecoverableError('fetch: bad on purpose');
      return 'ok';
    });
    try {
      await rt.queues.queues.fetch.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }, { name: 'c', data: { bad: true } }]);
      await rt.queues.queues.analyze.add('later', {}, { delay: 60_000 });
      let body = '';
      const done = () => /outcome="failed"\} 1\n/.test(body) && /outcome="completed"\} 2\n/.test(body);
      for (let i = 0; i < 100 && !done(); i++) {
        await new Promise((r) => setTimeout(r, 100));
        body = await scrape();
      }
      expect(body).toMatch(/^mediamon_jobs_total\{stage="fetch",outcome="completed"\} 2$/m);
      expect(body).toMatch(/^mediamon_jobs_total\{stage="fetch",outcome="failed"\} 1$/m);
      expect(body).toMatch(/^mediamon_job_duration_seconds_count\{stage="fetch"\} 3$/m);
      expect(body).toMatch(/^mediamon_job_duration_seconds_bucket\{stage="fetch",le="\+Inf"\} 3$/m);
      expect(body).toMatch(/^# TYPE mediamon_job_duration_seconds histogram$/m);
      expect(body).toMatch(/^mediamon_queue_jobs\{queue="fetch",state="failed"\} 1$/m);
      expect(body).toMatch(/^mediamon_queue_jobs\{queue="analyze",state="delayed"\} 1$/m);
      expect(body).toMatch(/^mediamon_articles\{method="generic"\} 3$/m);
      expect(body).toMatch(/^mediamon_alerts\{rule="donbas-evacuation"\} 2$/m);
      expect(body).toMatch(/^mediamon_feeds\{state="never-polled"\} 2$/m);
      expect(body).toMatch(/^# TYPE mediamon_deliveries gauge$/m);
      expect(body).toMatch(/^mediamon_server_process_resident_memory_bytes /m);
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });
});
