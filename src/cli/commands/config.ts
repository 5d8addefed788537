/** `mediamon config check`: validate every config file; print a summary, or every problem with file and key. */
import { redactDatabaseUrl } from '../../store/index.js';
import { environment, loadConfigOrFail, type GlobalOptions } from '../context.js';

export async function configCheckCommand(options: GlobalOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const env = environment();
  const entries = Array.isArray(config.watchlist) ? config.watchlist.length : Object.keys(config.watchlist).length;
  process.stdout.write(
    [
      `config ok: ${config.dir}`,
      `  feeds: ${config.feeds.length} (${config.feeds.filter((f) => f.enabled).length} enabled)`,
      `  watchlist entries: ${entryCount(config.watchlist) ?? entries}`,
      `  rules: ${ruleCount(config.rules)}`,
      `  subscriptions: ${config.subscriptions.length}`,
      `  redis: ${redactDatabaseUrl(env.redisUrl)}`,
      `  store: ${redactDatabaseUrl(env.databaseUrl)}`,
    ].join('\n') + '\n',
  );
}

function entryCount(watchlist: unknown): number | undefined {
  const entries = (watchlist as { entries?: unknown[] }).entries;
  return Array.isArray(entries) ? entries.length : undefined;
}

function ruleCount(rules: unknown): number {
  if (Array.isArray(rules)) return rules.length;
  const list = (rules as { rules?: unknown[] }).rules;
  return Array.isArray(list) ? list.length : 0;
}
