/**
 * The delivery commands as a user runs them (real CLI, SQLite, a real HTTP receiver): preview sends and
 * records nothing; send --now sends every channel, a failing one does not stop the others and is listed
 * by `deliveries list --failed`; `deliveries resend` sends it again under the same delivery id; bad
 * usage and bad subscriptions.yaml exit 2 naming what is wrong.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Mention } from '../../src/types.js';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { redisPrefix, tempDir } from '../helpers/services.js';
import { startWebhookPeer, type WebhookPeer } from './peers.js';

const TEXT = 'Глава ДНР Денис Пушилин объявил эвакуацию. Решение принято Пушилиным в пятницу.';

function at(form: string, entity: string): Mention {
  const start = TEXT.indexOf(form);
  return { entity, start, end: start + form.length, text: form };
}

function subscriptions(hookUrl: string, digests: string): unknown {
  return { subscriptions: [{ id: 'desk', schedule: '*/30 * * * * *', timezone: 'Europe/Kyiv', channels: [
    { type: 'file', dir: digests, formats: ['md'] },
    { type: 'webhook', url: hookUrl },
  ] }] };
}

describe('mediamon digest / deliveries', () => {
  const temp = tempDir();
  const redis = redisPrefix();
  let hook: WebhookPeer;
  let env: NodeJS.ProcessEnv;
  const digests = path.join(temp.dir, 'digests');

  beforeAll(async () => {
    hook = await startWebhookPeer('unused');
    writeTestConfig(temp.dir, [{ id: 'tass', url: 'http://127.0.0.1/feed.xml' }]);
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify(subscriptions(hook.url, digests)));
    const databaseUrl = `sqlite:${path.join(temp.dir, 'm.db')}`;
    env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl });
    const store = await openStore(databaseUrl);
    const evidence = [at('Пушилиным', 'pushilin'), at('эвакуацию', 'evacuation')];
    await store.saveAnalysis({ key: 'a1', feedId: 'tass', url: 'https://tass.example/a1', canonicalUrl: null, title: 'Пушилин объявил эвакуацию', text: TEXT, author: null,
      published: '2022-02-18T16:00:00Z', lang: 'ru', langConfidence: 0.9, siteName: 'ТАСС', method: 'generic', fetchError: null }, evidence,
    [{ rule: 'donbas-evacuation', score: 2, priority: 'immediate', mentions: evidence }]);
    await store.close();
  });

  afterAll(async () => {
    await hook?.close();
    await redis.drop();
    temp.drop();
  });

  it('previews without sending or recording', async () => {
    const md = await runCli(['digest', 'preview', 'desk', '--format', 'md'], env);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# mediamon: 1 alert — /);
    expect(md.stdout).toContain('**Пушилиным**');
    expect((await runCli(['digest', 'preview', 'desk', '--format', 'html'], env)).stdout).toContain('<mark');
    expect((await runCli(['deliveries', 'list'], env)).stdout).toBe('no deliveries\n');
    expect(hook.requests).toHaveLength(0);
  });

  it('sends every channel now; a failing webhook is listed as failed and resent under the same delivery id', async () => {
    hook.status = 500;
    const send = await runCli(['digest', 'send', 'desk', '--now'], env);
    expect(send.code).toBe(1);
    expect(send.stdout).toMatch(/desk\/file: sent delivery #\d+ \(1 alert\)/);
    expect(send.stderr).toMatch(/desk\/webhook: delivery #\d+ failed: delivery: webhook 127\.0\.0\.1:\d+: HTTP 500/);
    expect(readdirSync(digests)).toHaveLength(1);
    const failed = jsonLines<{ id: number; channel: string; status: string; key: string }>((await runCli(['deliveries', 'list', '--failed', '--json'], env)).stdout);
    expect(failed.map((d) => [d.channel, d.status])).toEqual([['webhook', 'failed']]);
    expect((await runCli(['deliveries', 'list', '--failed'], env)).stdout).toMatch(/failed +desk\/webhook +digest +1 alert +attempts 1\n +delivery: webhook .*HTTP 500/);

    hook.status = 200;
    const resend = await runCli(['deliveries', 'resend', String(failed[0]!.id)], env);
    expect(resend.code, resend.stderr).toBe(0);
    expect(resend.stdout).toBe(`delivery #${failed[0]!.id} sent\n`);
    expect(hook.requests.map((r) => r.headers['x-mediamon-delivery'])).toEqual([failed[0]!.key, failed[0]!.key]);
    expect((await runCli(['deliveries', 'list', '--failed'], env)).stdout).toBe('no failed deliveries\n');
    const again = await runCli(['digest', 'send', 'desk', '--now'], env);
    expect(again.stdout).toBe('desk/file: nothing new to send\ndesk/webhook: nothing new to send\n');
  });

  it('exits 2 on bad usage', async () => {
    const unknown = await runCli(['digest', 'preview', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/delivery: unknown subscription 'nope' \(subscriptions\.yaml has: desk\)/);
    expect((await runCli(['digest', 'preview', 'desk', '--format', 'pdf'], env)).code).toBe(2);
    expect((await runCli(['digest', 'send', 'desk'], env)).stderr).toMatch(/add --now/);
    expect((await runCli(['deliveries', 'resend', '999'], env)).code).toBe(2);
  });

  it('config check names the file and key of a bad subscription', async () => {
    const bad = { subscriptions: [{ id: 'x', schedule: 'every morning', timezone: 'Mars/Olympus', filter: { rules: ['no-such-rule'] }, channels: [{ type: 'file' }, { type: 'file', id: 'file' }] }] };
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify(bad));
    const check = await runCli(['config', 'check'], env);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('subscriptions.yaml: subscriptions[x].schedule: must be "immediate" or a cron expression');
    expect(check.stderr).toContain('subscriptions.yaml: subscriptions[x].timezone: must be an IANA time zone');
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify({ subscriptions: [{ ...bad.subscriptions[0], schedule: '0 7 * * *', timezone: 'UTC' }] }));
    const refs = await runCli(['config', 'check'], env);
    expect(refs.code).toBe(2);
    expect(refs.stderr).toContain("subscriptions.yaml: subscriptions[x].filter.rules[0]: unknown rule 'no-such-rule'");
    expect(refs.stderr).toContain("subscriptions.yaml: subscriptions[x].channels[1].id: duplicate channel id 'file'");
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify(subscriptions(hook.url, digests)));
  });
});
