/** `mediamon prune [--dry-run]`: apply the retention settings now (the system also does it daily). */
import { formatPrune, pruneWithSettings, retentionPolicy } from '../../store/retention.js';
import { openStore } from '../../store/index.js';
import { environment, loadConfigOrFail, type GlobalOptions } from '../context.js';

export interface PruneCommandOptions extends GlobalOptions {
  dryRun?: boolean;
}

export async function pruneCommand(options: PruneCommandOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const store = await openStore(environment().databaseUrl);
  try {
    const dryRun = Boolean(options.dryRun);
    const counts = await pruneWithSettings(store, config.settings, { dryRun });
    process.stdout.write(formatPrune(counts, retentionPolicy(config.settings), dryRun));
  } finally {
    await store.close();
  }
}
