/** `mediamon config check`: validate every config file; print a summary, or every problem with file and key. */
import { redactDatabaseUrl } from '../../settings/env.js';
import { environment, loadConfigOrFail, type GlobalOptions } from '../context.js';

export async function configCheckCommand(options: GlobalOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const env = environment();
  process.stdout.write(
    [
      `config ok: ${config.dir}`,
      `  feeds: ${config.feeds.length} (${config.feeds.filter((f) => f.enabled).length} enabled)`,
      `  watchlist entries: ${config.watchlist.entries.length}`,
      `  rules: ${config.rules.rules.length}${config.rules.rules.some((r) => r.type === 'rising') ? ` (${config.rules.rules.filter((r) => r.type === 'rising').length} rising: checked every 5 minutes by the workers)` : ''}`,
      `  subscriptions: ${config.subscriptions.length}`,
      `  redis: ${redactDatabaseUrl(env.redisUrl)}`,
      `  store: ${redactDatabaseUrl(env.databaseUrl)}`,
    ].join('\n') + '\n',
  );
}
