/**
 * What every command shares: resolving the environment, loading the config once, exit codes, and a
 * clean way to fail. Exit 0 on success, 1 on failure, 2 on bad usage or bad config.
 */
import { ConfigError, configDir, loadConfig, type Config } from '../config/load.js';
import { createLogger, type Logger } from '../log.js';
import { CliError, EXIT_USAGE } from './basics.js';

export { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, printJson } from './basics.js';
export { environment, type Environment } from '../settings/env.js';

export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}

/** Load the config folder or fail with exit 2 and every problem, each naming its file and key. */
export function loadConfigOrFail(options: GlobalOptions): Config {
  try {
    return loadConfig(configDir(options.config));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, EXIT_USAGE);
    throw error;
  }
}

export function commandLogger(options: GlobalOptions): Logger {
  return createLogger({ level: options.logLevel });
}
