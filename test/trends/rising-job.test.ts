/**
 * Rising rules in the running system: one job scheduler on the deliver queue (however many processes
 * start), gone when rules.yaml has no rising rule; the job, as a deliver worker runs it, raises the
 * spike's alert once and hands it to an immediate subscription, whose file shows it under "Rising".
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { createDelivery, type DeliverDeps } from '../../src/delivery/index.js';
import { createLogger } from '../../src/log.js';
import { syncSchedules } from '../../src/pipeline/scheduler.js';
import { RISING_SCHEDULER } from '../../src/queues/ids.js';
import { openStore, type ArticleInput } from '../../src/store/index.js';
import { writeTestConfig } from '../helpers/cli.js';
import { useQueues } from '../helpers/runtime.js';
import { tempDir } from '../helpers/services.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function article(key: string, feedId: string, published: number): ArticleInput {
  return {
    key, feedId, url: `https://example.org/${key}`, canonicalUrl: null, title: `Evacuation ${key}`, text: 'An evacuation was announced.', author: null,
    published: new Date(published).toISOString(), lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  };
}

describe('rising rules in the running system', { timeout: 60_000 }, () => {
  const temp = tempDir();
  const { queues } = useQueues();
  afterAll(() => temp.drop());
  const feeds = [{ id: 'wire', url: 'https://wire.example/rss' }, { id: 'dan', url: 'https://dan.example/rss' }, { id: 'lug', url: 'https://lug.example/rss' }];

  it('is one scheduler on the deliver queue, every 5 minutes, removed when no rule is rising', async () => {
    writeTestConfig(temp.dir, feeds);
    await syncSchedules(loadConfig(temp.dir), queues);
    await syncSchedules(loadConfig(temp.dir), queues); // a second process starting: still one
    const schedulers = (await queues.queues.deliver.getJobSchedulers(0, -1)).filter((s) => s.key === RISING_SCHEDULER);
    expect(schedulers).toMatchObject([{ every: 300_000 }]);
    const rules = YAML.parse(readFileSync(path.join(temp.dir, 'rules.yaml'), 'utf8')) as { rules: { type?: string }[] };
    writeFileSync(path.join(temp.dir, 'rules.yaml'), YAML.stringify({ rules: rules.rules.filter((r) => r.type !== 'rising') }));
    await syncSchedules(loadConfig(temp.dir), queues);
    expect(await queues.queues.deliver.getJobScheduler(RISING_SCHEDULER)).toBeUndefined();
  });

  it('raises the spike once and delivers it to an immediate subscription under "Rising"', async () => {
    writeTestConfig(temp.dir, feeds);
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify({
      subscriptions: [{ id: 'urgent', schedule: 'immediate', timezone: 'UTC', filter: { rules: ['rising-evacuation'] }, channels: [{ type: 'file', dir: path.join(temp.dir, 'out'), formats: ['md'] }] }],
    }));
    const store = await openStore(`sqlite:${path.join(temp.dir, 'rising.db')}`);
    try {
      await store.syncFeeds(feeds);
      const mention = [{ entity: 'evacuation', start: 3, end: 13, text: 'evacuation' }];
      const hour = Math.floor(Date.now() / HOUR) * HOUR;
      for (let d = 14; d >= 1; d--) await store.saveAnalysis(article(`usual-${d}`, 'wire', hour - d * DAY), mention, []);
      // Seven reports from three sources in the current hour (a second apart, all before now).
      for (let i = 0; i < 7; i++) await store.saveAnalysis(article(`burst-${i}`, feeds[i % 3]!.id, hour + i * 1000), mention, []);
      const deps: DeliverDeps = { store, config: loadConfig(temp.dir), log: createLogger({ level: 'silent' }), queues };
      const delivery = createDelivery();
      await delivery.handle(deps, { kind: 'rising' }, { lastAttempt: false });
      await delivery.handle(deps, { kind: 'rising' }, { lastAttempt: false }); // the next run: nothing new
      const alerts = await store.listAlerts({ rule: 'rising-evacuation' });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.rising).toMatchObject({ count: 7, sources: 3, expected: 1 });
      const [claimed] = await store.listDeliveries({ subscription: 'urgent' });
      expect(claimed).toMatchObject({ kind: 'alerts', alertIds: [alerts[0]!.id] });
      await delivery.handle(deps, { kind: 'send', deliveryId: claimed!.id }, { lastAttempt: false });
      const out = path.join(temp.dir, 'out');
      const file = readdirSync(out).find((f) => f.endsWith('.md'))!;
      const md = readFileSync(path.join(out, file), 'utf8');
      expect(md).toContain('## Rising');
      expect(md).toMatch(/- \*\*\[Evacuation\]\(<\/entities\/evacuation>\)\*\*: 7 articles in the hour from \d{4}-\d\d-\d\d \d\d:00 UTC \(usual 1\), from 3 sources — rising-evacuation/);
    } finally {
      await store.close();
    }
  });
});
