/**
 * Each channel against a real peer on 127.0.0.1, through the ledger (SQLite): the SMTP server parses
 * the MIME it got, the webhook receiver checks the signature, the file channel writes one file per
 * digest. A failing channel does not hold up the others, its failure is recorded, and a resend carries
 * the same idempotency key.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import { atomFeedForSubscription, channelsOf, claimDigest, resendDelivery, sendDelivery, type DeliveryDeps } from '../../src/delivery/index.js';
import { findSubscription } from '../../src/delivery/service.js';
import { silentLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import { writeTestConfig } from '../helpers/cli.js';
import { pgSchema, tempDir } from '../helpers/services.js';
import { startSmtpPeer, startWebhookPeer, type SmtpPeer, type WebhookPeer } from './peers.js';
import { load } from 'cheerio';

const SECRET = 'test-secret-1';
const RU = 'Массовая эвакуация мирных жителей ДНР была объявлена Денисом Пушилиным в пятницу.';
const EN = 'Officials of the DPR ordered the evacuation of Horlivka on Friday.';

function at(text: string, form: string, entity: string): Mention {
  const start = text.indexOf(form);
  return { entity, start, end: start + form.length, text: form };
}

const BACKENDS = [
  { name: 'sqlite', open: async (dir: string) => ({ url: `sqlite:${path.join(dir, 'm.db')}`, drop: async () => undefined }) },
  { name: 'postgres', open: async () => pgSchema() },
];

describe.each(BACKENDS)('channels against real peers ($name)', (backend) => {
  const temp = tempDir();
  let dropDb: () => Promise<void> = async () => undefined;
  let smtp: SmtpPeer;
  let hook: WebhookPeer;
  let store: Store;
  let config: Config;
  let deps: DeliveryDeps;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    hook = await startWebhookPeer(SECRET);
    writeTestConfig(temp.dir, [{ id: 'vesti', url: 'http://127.0.0.1/feed.xml', title: 'Вести' }]);
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify({ subscriptions: [{
      id: 'desk', name: 'Desk', schedule: '0 * * * *', timezone: 'Europe/Kyiv', emailFromEnv: true,
      channels: [
        { type: 'file', dir: path.join(temp.dir, 'digests') },
        { type: 'webhook', url: hook.url, secretEnv: 'HOOK_SECRET' },
        { type: 'webhook', id: 'slack', url: hook.url, format: 'slack' },
      ],
    }] }));
    config = loadConfig(temp.dir);
    const db = await backend.open(temp.dir);
    dropDb = db.drop;
    store = await openStore(db.url);
    const base = { feedId: 'vesti', canonicalUrl: null, author: null, published: '2022-02-18T16:10:00Z', langConfidence: 0.9, siteName: null, method: 'generic' as const, fetchError: null };
    const ruEvidence = [at(RU, 'эвакуация', 'evacuation'), at(RU, 'Денисом Пушилиным', 'pushilin')];
    await store.saveAnalysis({ ...base, key: 'ru', url: 'https://vesti.example/ru', title: 'Пушилин объявил эвакуацию', text: RU, lang: 'ru' }, ruEvidence, [{ rule: 'donbas-evacuation', score: 2, priority: 'immediate', mentions: ruEvidence }]);
    const enEvidence = [at(EN, 'DPR', 'dpr'), at(EN, 'evacuation', 'evacuation')];
    await store.saveAnalysis({ ...base, key: 'en', url: 'https://vesti.example/en', title: '<img src=x onerror=alert(1)>', text: EN, lang: 'en' }, enEvidence, [{ rule: 'donbas-evacuation', score: 2, priority: 'immediate', mentions: enEvidence }]);
    deps = { store, config, logger: silentLogger, env: { SMTP_URL: smtp.url, MEDIAMON_DIGEST_TO: 'analyst@example.org, desk@example.org', HOOK_SECRET: SECRET } };
  });

  afterAll(async () => {
    await store?.close();
    await Promise.allSettled([smtp?.close(), hook?.close(), dropDb()]);
    temp.drop();
  });

  it('emails multipart text + HTML with a clear subject, List-Unsubscribe and a Message-ID from the delivery', async () => {
    const sub = findSubscription(config, 'desk');
    const channel = channelsOf(sub, deps.env).find((c) => c.id === 'email-env')!;
    const delivery = (await claimDigest(deps, sub, channel))!;
    expect(await sendDelivery(deps, delivery.id, { lastAttempt: false })).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.subject).toMatch(/^mediamon: 2 alerts — Evacuation, .+ \(\d\d:\d\d–\d\d:\d\d Kyiv\)$/);
    expect(mail.messageId).toBe(`<${delivery.key}@mediamon>`);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(/^List-Unsubscribe: <mailto:mediamon@localhost\?subject=unsubscribe%20desk>$/);
    expect(mail.headerLines.find((h) => h.key === 'content-type')?.line).toMatch(/multipart\/alternative/);
    expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual(['analyst@example.org', 'desk@example.org']);
    expect(mail.text).toContain('*Денисом Пушилиным*');
    expect(mail.text).toContain('— in Russian (ru)');
    const html = mail.html as string;
    expect(html).not.toContain('<img');
    expect(load(html)('mark').map((_, el) => load(el).text()).get()).toContain('Денисом Пушилиным');
    expect(await sendDelivery(deps, delivery.id, { lastAttempt: false })).toBe('already-sent');
    expect(smtp.messages).toHaveLength(1);
    expect(await claimDigest(deps, sub, channel)).toBeNull();
  });

  it('posts signed generic JSON and Slack text; a failing endpoint is recorded and resent under the same delivery id', async () => {
    const sub = findSubscription(config, 'desk');
    const [, generic, slack] = channelsOf(sub, deps.env);
    hook.status = 503;
    const first = (await claimDigest(deps, sub, generic!))!;
    await expect(sendDelivery(deps, first.id, { lastAttempt: false })).rejects.toThrow(/delivery: webhook .*HTTP 503/);
    expect((await store.getDelivery(first.id))!.status).toBe('sending');
    await expect(sendDelivery(deps, first.id, { lastAttempt: true })).rejects.toThrow(/HTTP 503/);
    expect((await store.listDeliveries({ status: 'failed' })).map((d) => d.id)).toEqual([first.id]);
    hook.status = 200;
    const slackDelivery = (await claimDigest(deps, sub, slack!))!;
    await sendDelivery(deps, slackDelivery.id, { lastAttempt: false });
    expect(await resendDelivery(deps, first.id, { lastAttempt: true })).toBe('sent');
    const generics = hook.requests.filter((r) => r.json.version === 2);
    expect(generics).toHaveLength(3);
    expect(new Set(generics.map((r) => r.headers['x-mediamon-delivery']))).toEqual(new Set([first.key]));
    expect(generics.every((r) => r.signatureValid)).toBe(true);
    const payload = generics[2]!.json as { alert_ids: number[]; stories: { snippets: { text: string }[] }[] };
    expect(payload.alert_ids).toEqual(first.alertIds);
    expect(JSON.stringify(payload.stories)).toContain('Денисом Пушилиным');
    const slackText = hook.requests.find((r) => typeof r.json.text === 'string')!.json.text as string;
    expect(slackText).toContain('*Денисом Пушилиным*');
    expect(slackText).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes one Markdown and one HTML file per digest, and a resend replaces them', async () => {
    const sub = findSubscription(config, 'desk');
    const delivery = (await claimDigest(deps, sub, channelsOf(sub, deps.env)[0]!))!;
    await sendDelivery(deps, delivery.id, { lastAttempt: false });
    await store.updateDelivery(delivery.id, 'failed', 'pretend');
    await resendDelivery(deps, delivery.id, { lastAttempt: false });
    const dir = path.join(temp.dir, 'digests');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files.map((f) => path.extname(f))).toEqual(['.html', '.md']);
    expect(readFileSync(path.join(dir, files[1]!), 'utf8')).toContain('**Денисом Пушилиным**');
  });

  it('serves the subscription as an Atom feed with escaped titles', async () => {
    const xml = await atomFeedForSubscription(store, config, 'desk', 'http://127.0.0.1:8080/');
    const $ = load(xml, { xml: true });
    expect($('feed > link[rel=self]').attr('href')).toBe('http://127.0.0.1:8080/subscriptions/desk/atom');
    expect($('entry > title').map((_, el) => $(el).text()).get().sort()).toEqual(['<img src=x onerror=alert(1)>', 'Пушилин объявил эвакуацию']);
    expect(xml).not.toContain('<img');
    expect($('entry[xml\\:lang=ru] content').text()).toContain('<mark');
    await expect(atomFeedForSubscription(store, config, 'nope', 'http://h')).rejects.toThrow(/delivery: unknown subscription 'nope'/);
  });
});
