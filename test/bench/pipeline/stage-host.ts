/**
 * A worker process hosting the stages named on its command line, started exactly as `mediamon run`
 * starts them (createRuntime + startHost), but without job schedulers: the benchmark enqueues the polls
 * itself, at its own pace. Used for "1 process for poll/fetch/deliver + N `mediamon worker analyze`".
 *
 *   node dist/test/bench/pipeline/stage-host.js poll fetch deliver     (env as for `mediamon worker`)
 */
import { configDir, loadConfig } from '../../../src/config/load.js';
import { environment } from '../../../src/cli/context.js';
import { onSignals, startHost } from '../../../src/cli/host.js';
import { createLogger } from '../../../src/log.js';
import { createRuntime } from '../../../src/pipeline/runtime.js';
import { STAGES, type Stage } from '../../../src/queues/index.js';
import { STAGE_HOST_READY } from './procs.js';


async function main(): Promise<void> {
  const stages = process.argv.slice(2).filter((s): s is Stage => (STAGES as readonly string[]).includes(s));
  if (stages.length === 0) throw new Error(`stage-host: name one or more of ${STAGES.join(', ')}`);
  const config = loadConfig(configDir(undefined));
  const env = environment();
  const logger = createLogger({ pretty: false });
  const rt = await createRuntime(config, { redisUrl: env.redisUrl, databaseUrl: env.databaseUrl, logger });
  const host = startHost(rt, stages);
  await Promise.all(host.workers.map((w) => w.waitUntilReady()));
  process.stderr.write(`${STAGE_HOST_READY} ${stages.join(',')}\n`);
  onSignals(async () => host.close());
}

main().catch((error: unknown) => {
  process.stderr.write(`stage-host: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
