/**
 * End to end on real Redis, SQLite, SMTP and HTTP: the pipeline runs on three local feeds carrying one
 * wire story (the seed article, a lightly rewritten copy, a Russian report), an immediate subscription
 * gets its alerts by webhook during the run, then a digest fires through the deliver worker, which is
 * killed (kill -9) while the SMTP server holds its reply to the message it already received. After a
 * restart the recipient has every alert once: the re-sent message carries the same Message-ID (the
 * ledger's guarantee; the recipient drops the copy by it), and nothing else is ever sent twice.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import YAML from 'yaml';
import { load } from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { jsonLines, runCli, spawnCli } from '../helpers/cli.js';
import { useE2E } from '../helpers/e2e.js';
import { REDIS_URL } from '../helpers/services.js';
import { startSmtpPeer, startWebhookPeer, uniqueByMessageId, waitFor, type SmtpPeer, type WebhookPeer } from './peers.js';
import { COPY_TITLE, RU_FORM, RU_TITLE, WIRE_FEEDS, wireRoutes, XSS_TITLE } from './wire-fixture.js';
import { SEED_TITLE } from '../pipeline/seed-fixture.js';

const SECRET = 'e2e-secret';
/** The worker's lock lapses after 30 s; its job is taken over at the next stalled check. */
const RECOVERY_TIMEOUT_MS = 120_000;

interface Payload { type: string; delivery_id: string; alert_ids: number[]; subscription: string }

describe('delivery end to end: digest through the deliver worker, killed mid-send', () => {
  const e2e = useE2E({ routes: wireRoutes, feeds: WIRE_FEEDS });
  let smtp: SmtpPeer;
  let hook: WebhookPeer;
  let env: NodeJS.ProcessEnv;
  let store: Store;
  let worker: ChildProcess | null = null;
  let alertIds: number[] = [];

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    hook = await startWebhookPeer(SECRET);
    e2e.onClose(() => Promise.allSettled([smtp.close(), hook.close()]));
    writeFileSync(path.join(e2e.dir, 'subscriptions.yaml'), YAML.stringify({ subscriptions: [
      { id: 'wire', name: 'Wire desk', schedule: '0 7 * * *', timezone: 'Europe/Kyiv', channels: [
        { type: 'email', to: ['analyst@example.org'], from: 'mediamon <alerts@example.org>' },
        { type: 'webhook', url: hook.url, secretEnv: 'WEBHOOK_SECRET' },
        { type: 'file', dir: path.join(e2e.dir, 'digests'), formats: ['md'] },
      ] },
      { id: 'urgent', schedule: 'immediate', filter: { rules: ['false-flag'] }, channels: [{ type: 'webhook', url: hook.url, secretEnv: 'WEBHOOK_SECRET' }] },
    ] }));
    env = { ...e2e.env, SMTP_URL: smtp.url, WEBHOOK_SECRET: SECRET };
    store = await openStore(e2e.databaseUrl);
    e2e.onClose(() => store.close());
    e2e.onClose(() => {
      if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    });
  });

  it('runs the pipeline and sends immediate alerts by webhook, once each', async () => {
    const run = await runCli(['run', '--once'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/polled 3 feeds \(0 failing\), 4 new articles/);
    const alerts = jsonLines<{ id: number; rule: string }>((await runCli(['alerts', 'list', '--json'], env)).stdout);
    alertIds = alerts.map((a) => a.id).sort((a, b) => a - b);
    const falseFlag = alerts.filter((a) => a.rule === 'false-flag').map((a) => a.id).sort((a, b) => a - b);
    expect(falseFlag.length).toBeGreaterThan(0);
    const immediate = hook.requests.map((r) => r.json as unknown as Payload);
    expect(immediate.every((p) => p.type === 'mediamon.alerts' && p.subscription === 'urgent')).toBe(true);
    expect(immediate.flatMap((p) => p.alert_ids).sort((a, b) => a - b)).toEqual(falseFlag);
    expect(hook.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('sends the digest once per recipient across a kill -9 of the deliver worker in the middle of the SMTP send', async () => {
    smtp.hold = true;
    const before = hook.requests.length;
    worker = spawnCli(['worker', 'deliver'], env);
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('deliver', { connection, prefix: e2e.prefix });
    await queue.add('digest', { kind: 'digest', subscription: 'wire' }, { jobId: 'test-digest-1' });
    await waitFor('the SMTP server to receive the digest', () => smtp.messages.length === 1, 60_000);
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    const interrupted = await store.listDeliveries({ subscription: 'wire', channel: 'email' });
    expect(interrupted.map((d) => d.status)).toEqual(['sending']);

    smtp.hold = false;
    worker = spawnCli(['worker', 'deliver'], env);
    await waitFor('every wire delivery to be recorded as sent', async () => {
      const list = await store.listDeliveries({ subscription: 'wire' });
      return list.length === 3 && list.every((d) => d.status === 'sent');
    }, RECOVERY_TIMEOUT_MS);
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker!.once('exit', resolve));
    await queue.close();
    await connection.quit();

    // The copy the crash caused has the same Message-ID: the recipient keeps one message.
    expect(smtp.messages).toHaveLength(2);
    const mails = uniqueByMessageId(smtp.messages);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toMatch(new RegExp(`^mediamon: ${alertIds.length} alerts — `));
    const text = mail.text ?? '';
    // The wire story and its rewrite are one story (the store's), headed by the first report, each
    // article listed once with the rules it raised; the Horlivka order and the Russian report (a long
    // English feature and a short Russian note share too few entries) are stories of their own.
    expect(text).toContain('in 3 stories');
    expect(text.match(new RegExp(SEED_TITLE, 'g')) ?? []).toHaveLength(1);
    expect(text).not.toContain(COPY_TITLE);
    expect(text).toMatch(/2 outlets: Fixture News \(en, 2022-02-18 15:30\) [^;]* — donbas-evacuation, [^;]*; Wire Copy Daily \(en, 2022-02-18 16:05\) [^\n]* — donbas-evacuation/);
    expect(text).toContain(`${RU_TITLE} — in Russian (ru)`);
    expect(text).toMatch(new RegExp(`\\*[^*]*${RU_FORM}\\*`));
    const html = mail.html as string;
    expect(html).not.toContain('<img');
    expect(load(html)('h3').map((_, el) => load(el).text()).get()).toContain(XSS_TITLE);

    // The webhook: every alert once, under one delivery id, signed.
    const digests = hook.requests.slice(before).filter((r) => r.signatureValid).map((r) => r.json as unknown as Payload);
    const byId = new Map(digests.map((p) => [p.delivery_id, p]));
    expect(byId.size).toBe(1);
    expect([...byId.values()][0]!.alert_ids).toEqual(alertIds);
    const files = readdirSync(path.join(e2e.dir, 'digests'));
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(e2e.dir, 'digests', files[0]!), 'utf8')).toMatch(new RegExp(`\\*\\*[^*]*${RU_FORM}\\*\\*`));
  }, 240_000);

  it('sends nothing more when the digest is sent again by hand, and lists no failures', async () => {
    const requests = hook.requests.length;
    const send = await runCli(['digest', 'send', 'wire', '--now'], env);
    expect(send.code, send.stderr).toBe(0);
    expect(send.stdout).toBe('wire/email: nothing new to send\nwire/webhook: nothing new to send\nwire/file: nothing new to send\n');
    expect(smtp.messages).toHaveLength(2);
    expect(hook.requests).toHaveLength(requests);
    expect((await runCli(['deliveries', 'list', '--failed'], env)).stdout).toBe('no failed deliveries\n');
    const all = jsonLines<{ subscription: string; status: string; alerts: number[] }>((await runCli(['deliveries', 'list', '--json'], env)).stdout);
    expect(all.filter((d) => d.subscription === 'wire').map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });
});
