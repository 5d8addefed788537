/**
 * What every command shares: resolving the environment, loading the config once, exit codes, and a
 * clean way to fail. Exit 0 on success, 1 on failure, 2 on bad usage or bad config.
 */
import { ConfigError, configDir, loadConfig, type Config } from '../config/load.js';
import { createLogger, type Logger } from '../log.js';
import { DEFAULT_DATABASE_URL } from '../store/index.js';
import { DEFAULT_REDIS_URL } from '../pipeline/runtime.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error the CLI prints as one line and exits with `code`. */
export class CliError extends Error {
  constructor(message: string, readonly code: number = EXIT_FAILURE) {
    super(message);
    this.name = 'CliError';
  }
}

export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}

export interface Environment {
  redisUrl: string;
  databaseUrl: string;
}

export function environment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
  };
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

/** Print one JSON object as a line on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
