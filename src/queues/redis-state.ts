/**
 * Whether this process can reach Redis, logged once per change: "unreachable" with the reason when the
 * first connection error comes, "back" with how long it was away when a connection is ready again.
 * Every Redis user of the process (the command connection, BullMQ's queues and its workers' blocking
 * connections) reports here, so an outage is two log lines per process, not one (or a stack trace)
 * per reconnection attempt of each connection.
 */
import type { Logger } from '../log.js';

/** Errors that say the server cannot be reached (as opposed to a command that failed). */
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Connection is closed|connect|socket|Stream isn't writeable|All sentinels are unreachable/i;

export class RedisState {
  private downSince: number | null = null;

  constructor(private readonly logger?: Logger) {}

  /** Whether an error is about reaching Redis (reported here) rather than a failed command. */
  static isConnectionError(error: unknown): boolean {
    const e = error as { code?: string; message?: string } | null;
    return CONNECTION_ERROR.test(`${e?.code ?? ''} ${e?.message ?? ''}`);
  }

  get down(): boolean {
    return this.downSince !== null;
  }

  /** A connection error: logged only when Redis was reachable until now. */
  failed(error: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    const reason = (error as Error)?.message ?? String(error);
    this.logger?.warn({ err: reason }, `redis: unreachable (${reason}); jobs wait, connections retry`);
  }

  /** A connection is ready: logged only after an outage. */
  ready(): void {
    if (this.downSince === null) return;
    const seconds = Math.round((Date.now() - this.downSince) / 100) / 10;
    this.downSince = null;
    this.logger?.info({ down_s: seconds }, `redis: back after ${seconds} s`);
  }
}
