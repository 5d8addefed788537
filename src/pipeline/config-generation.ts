/**
 * The config generation: a counter in Redis that every `run` and `worker` process follows. Processes on
 * other hosts share Redis, not the file system (and inotify does not see a write made on another host
 * of a network mount), so a change noticed anywhere — `feeds add|remove|import`, or a process whose
 * file watcher saw an edit — bumps the counter, and every process re-reads its own config folder. The
 * content stays in the files: a process reloads only when what it reads differs from what it runs
 * (see configFingerprint), so one change is applied, and logged, once per process.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';

export function configGenerationKey(prefix: string): string {
  return `${prefix}:config:generation`;
}

/** Announce a config change to every process on this Redis; returns the new generation. */
export async function bumpConfigGeneration(redis: Redis, prefix: string): Promise<number> {
  return redis.incr(configGenerationKey(prefix));
}

export async function readConfigGeneration(redis: Redis, prefix: string): Promise<number> {
  return Number((await redis.get(configGenerationKey(prefix))) ?? 0);
}

/** The files a config folder is read from (other files there, a database or an editor's swap file, do not count). */
export const CONFIG_FILE = /^[^.].*\.ya?ml$/;

/** A hash of the config files of the folder (names and bytes): equal hashes, same config. */
export function configFingerprint(dir: string): string {
  const hash = createHash('sha256');
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return 'unreadable';
  }
  for (const name of names.filter((n) => CONFIG_FILE.test(n))) {
    const file = path.join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      hash.update(name).update('\0').update(readFileSync(file)).update('\0');
    } catch {
      // A file removed between the listing and the read: the next change event reloads again.
    }
  }
  return hash.digest('hex');
}
