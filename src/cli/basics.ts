/**
 * What every command shares that costs nothing to load: exit statuses, the one-line CLI error,
 * JSON-lines output (the environment's URLs are read by environment() in src/settings/env.ts). `src/cli/main.ts` and the small commands import this, not
 * context.ts (which loads the config schemas), so `mediamon --help` and `alerts list` start fast.
 */
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

/** Print one JSON object as a line on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
