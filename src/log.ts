/**
 * Structured logs (pino) on stderr, so stdout stays free for the CLI's JSON lines. Stable snake_case
 * keys: feed_id, article_key, queue, job_id. Pretty output when stderr is a terminal, one line an event
 * (messages say what happened; the fields follow on the same line).
 */
import pino, { type Logger } from 'pino';
import { envValue } from './settings/env.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Force pretty (true) or JSON (false) output; default: pretty on a terminal. */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? envValue('MEDIAMON_LOG_LEVEL') ?? 'info';
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true } },
    });
  }
  return pino({ level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything (tests, one-shot commands that print their own output). */
export const silentLogger: Logger = pino({ level: 'silent' });
