/**
 * Loading and validating the config folder. Called once, from main(); never at import time.
 * Every problem is reported with its file and key path (`rules.yaml: rules[1].all[0]: ...`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { FeedsFileSchema, SettingsSchema, type FeedConfig, type Settings } from '../settings/schema.js';
import { RulesSchema, WatchlistSchema, type RulesConfig, type WatchlistConfig } from '../tagging/schema.js';
import { SubscriptionsSchema, type SubscriptionsConfig } from '../delivery/schema.js';
import { crossFileProblems, withEntryIds } from './problems.js';
import { envValue, processEnv, queuePrefix } from '../settings/env.js';
import { NarrativesSchema, type NarrativesConfig } from '../narratives/schema.js';
import { narrativeRefs } from '../narratives/rules.js';
import { validateNarrativeRefs } from '../narratives/validate.js';

export interface Config {
  /** Absolute path of the config folder. */
  dir: string;
  settings: Settings;
  feeds: FeedConfig[];
  watchlist: WatchlistConfig;
  rules: RulesConfig;
  subscriptions: SubscriptionsConfig;
  /** Known narratives (narratives.yaml, optional). Absent: none. */
  narratives?: NarrativesConfig;
}

/** A config problem: which file, which key, what is wrong. The CLI exits 2 on it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`config: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`}`);
    this.name = 'ConfigError';
  }
}

/** Render a zod issue path the way a user writes it: feeds[3].url */
export function formatKeyPath(keys: readonly PropertyKey[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

interface FileSpec<S extends z.ZodType> {
  name: string;
  schema: S;
  /** Whether the file may be absent (then its content is {}). */
  optional: boolean;
}

function readYaml(file: string, optional: boolean, problems: string[]): unknown {
  if (!existsSync(file)) {
    if (!optional) problems.push(`${path.basename(file)}: file not found in ${path.dirname(file)}`);
    return {};
  }
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push(`${path.basename(file)}: ${error.message.split('\n')[0]}`);
    return undefined;
  }
  return doc.toJS() ?? {};
}

/** Parse one file; its raw content (when it exists and is YAML) goes into `raws` for the later checks. */
function parseFile<S extends z.ZodType>(dir: string, spec: FileSpec<S>, problems: string[], raws: Map<string, unknown>): z.output<S> | undefined {
  const file = path.join(dir, spec.name);
  const raw = readYaml(file, spec.optional, problems);
  if (raw === undefined) return undefined;
  if (existsSync(file)) raws.set(spec.name, raw);
  const result = spec.schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${spec.name}: ${formatKeyPath(issue.path)}: ${issue.message}`);
  return undefined;
}

/** Freezes an object and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Load and validate every file of a config folder: feeds.yaml, watchlist.yaml, rules.yaml (required),
 * subscriptions.yaml and mediamon.yaml (optional). Throws ConfigError listing every problem found.
 * The environment is merged into the settings here, once (MEDIAMON_ALLOW_HOSTS adds to
 * fetch.allowHosts, MEDIAMON_QUEUE_PREFIX replaces queues.prefix), and the settings are frozen.
 */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = processEnv()): Config {
  const absDir = path.resolve(dir);
  const problems: string[] = [];
  const raws = new Map<string, unknown>();
  if (!existsSync(absDir)) throw new ConfigError([`${absDir}: config folder not found (set --config or MEDIAMON_CONFIG)`]);
  const settings = parseFile(absDir, { name: 'mediamon.yaml', schema: SettingsSchema, optional: true }, problems, raws);
  const feeds = parseFile(absDir, { name: 'feeds.yaml', schema: FeedsFileSchema, optional: false }, problems, raws);
  const watchlist = parseFile(absDir, { name: 'watchlist.yaml', schema: WatchlistSchema, optional: false }, problems, raws);
  const rules = parseFile(absDir, { name: 'rules.yaml', schema: RulesSchema, optional: false }, problems, raws);
  const subscriptions = parseFile(absDir, { name: 'subscriptions.yaml', schema: SubscriptionsSchema, optional: true }, problems, raws);
  const narratives = parseFile(absDir, { name: 'narratives.yaml', schema: NarrativesSchema, optional: true }, problems, raws);
  // Cross-file checks run on whatever is valid, so one run reports every problem of every file.
  problems.push(...crossFileProblems({ raws, feeds: feeds?.feeds, watchlist, rules, subscriptions }));
  if (narratives && watchlist) problems.push(...validateNarrativeRefs(narratives, watchlist));
  if (narratives && rules) {
    const ids = new Set(narratives.narratives.map((n) => n.id));
    for (const ref of narrativeRefs(rules)) if (!ids.has(ref.narrative)) problems.push(`rules.yaml: ${ref.path}: unknown narrative '${ref.narrative}'`);
  }
  if (problems.length > 0 || !settings || !feeds || !watchlist || !rules || !subscriptions || !narratives) {
    throw new ConfigError([...new Set(problems.map((p) => withEntryIds(p, raws)))]);
  }
  settings.fetch.allowHosts = [...settings.fetch.allowHosts, ...envValue('MEDIAMON_ALLOW_HOSTS', env)];
  settings.queues.prefix = queuePrefix(settings.queues.prefix, env);
  return { dir: absDir, settings: deepFreeze(settings), feeds: feeds.feeds, watchlist, rules, subscriptions, narratives };
}

/** The config folder named by --config, else MEDIAMON_CONFIG, else ./config. */
export function configDir(option: string | undefined, env: NodeJS.ProcessEnv = processEnv()): string {
  return path.resolve(option ?? envValue('MEDIAMON_CONFIG', env) ?? 'config');
}
