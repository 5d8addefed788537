/** Reading JSON lines from stdin: a bad line is reported on stderr with its number, and the rest goes on. */
import { createInterface } from 'node:readline';

export interface JsonlStats {
  ok: number;
  bad: number;
}

export async function eachJsonLine(
  input: NodeJS.ReadableStream,
  command: string,
  handle: (value: Record<string, unknown>, line: number) => void | Promise<void>,
): Promise<JsonlStats> {
  const stats: JsonlStats = { ok: 0, bad: 0 };
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (!raw.trim()) continue;
    try {
      const value = JSON.parse(raw) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      await handle(value as Record<string, unknown>, line);
      stats.ok++;
    } catch (error) {
      stats.bad++;
      process.stderr.write(`${command}: stdin line ${line}: ${(error as Error).message}\n`);
    }
  }
  return stats;
}

/** A required string field of a JSON-lines record. */
export function stringField(value: Record<string, unknown>, key: string): string {
  const field = value[key];
  if (typeof field !== 'string') throw new Error(`"${key}" must be a string`);
  return field;
}
