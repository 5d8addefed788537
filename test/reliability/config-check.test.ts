/**
 * Bad configuration through `mediamon config check`: every kind of mistake is reported with its file
 * and key path, and the command exits 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cliEnv, runCli, writeTestConfig } from '../helpers/cli.js';
import { tempDir } from '../helpers/services.js';

const FEEDS = [{ id: 'a', url: 'https://example.com/a.xml' }];

type Doc = Record<string, unknown>;
type Mutation = (dir: string) => void;

function editYaml(dir: string, file: string, edit: (doc: Doc) => void): void {
  const target = path.join(dir, file);
  const doc = (YAML.parse(readFileSync(target, 'utf8')) ?? {}) as Doc;
  edit(doc);
  writeFileSync(target, YAML.stringify(doc));
}

const entries = (doc: Doc) => doc.entries as Doc[];
const rules = (doc: Doc) => doc.rules as Doc[];

/** [what, mutation, pattern the error must match (file and key)] */
export const BAD_CONFIGS: [string, Mutation, RegExp][] = [
  ['an unknown settings key', (d) => editYaml(d, 'mediamon.yaml', (doc) => ((doc.fetch as Doc).timeoutt = '5s')), /mediamon\.yaml: fetch: .*timeoutt/],
  ['an unknown top-level settings key', (d) => editYaml(d, 'mediamon.yaml', (doc) => (doc.pollng = {})), /mediamon\.yaml: .*pollng/],
  ['an unknown feed key', (d) => editYaml(d, 'feeds.yaml', (doc) => ((doc.feeds as Doc[])[0]!.colour = 'red')), /feeds\.yaml: feeds\[a\]: .*colour/],
  ['a duplicate feed id', (d) => editYaml(d, 'feeds.yaml', (doc) => (doc.feeds as Doc[]).push({ id: 'a', url: 'https://example.com/b.xml' })), /feeds\.yaml: feeds\[1\]\.id: duplicate feed id 'a'/],
  ['a feed URL that is not http(s)', (d) => editYaml(d, 'feeds.yaml', (doc) => ((doc.feeds as Doc[])[0]!.url = 'file:///etc/passwd')), /feeds\.yaml: feeds\[a\]\.url: must be an http\(s\) URL/],
  ['a bad duration', (d) => editYaml(d, 'mediamon.yaml', (doc) => (doc.polling = { interval: 'often' })), /mediamon\.yaml: polling\.interval: not a duration/],
  ['a duplicate watchlist id', (d) => editYaml(d, 'watchlist.yaml', (doc) => entries(doc).push({ ...entries(doc)[0]! })), /watchlist\.yaml: entries\[\d+\]\.id: .*duplicate/i],
  ['a rule naming an entity that does not exist', (d) => editYaml(d, 'rules.yaml', (doc) => (rules(doc)[0]!.when = ['no-such-entity'])), /rules\.yaml: rules\[donbas-evacuation\]\.when.*no-such-entity/],
  ['an invalid regular expression', (d) => editYaml(d, 'watchlist.yaml', (doc) => (entries(doc)[0]!.notPrecededBy = ['(unclosed'])), /watchlist\.yaml: entries\[pushilin\]\.notPrecededBy\[0\]: invalid regular expression \/\(unclosed\/: unterminated group$/m],
  ['an invalid cron', (d) => writeFileSync(path.join(d, 'subscriptions.yaml'), YAML.stringify({ subscriptions: [{ id: 's', schedule: '61 * * * *', channels: [{ type: 'file', dir: './out' }] }] })), /subscriptions\.yaml: subscriptions\[s\]\.schedule: must be "immediate" or a cron expression/],
  ['a YAML syntax error', (d) => writeFileSync(path.join(d, 'feeds.yaml'), 'feeds:\n  - id: a\n   url: [unclosed\n'), /feeds\.yaml: /],
  ['a missing required file', (d) => writeFileSync(path.join(d, 'rules.yaml'), ''), /rules\.yaml: /],
];

describe('mediamon config check on bad configs', () => {
  let temp: ReturnType<typeof tempDir>;

  beforeEach(() => {
    temp = tempDir();
    writeTestConfig(temp.dir, FEEDS);
  });
  afterEach(() => temp.drop());

  const check = () => runCli(['config', 'check'], cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl: 'sqlite::memory:' }));

  it('accepts the good config', async () => {
    const result = await check();
    expect(result.code, result.stderr).toBe(0);
  });

  it.each(BAD_CONFIGS)('reports %s with file and key, exit 2', async (_what, mutate, pattern) => {
    mutate(temp.dir);
    const result = await check();
    expect(result.stderr).toMatch(pattern);
    expect(result.code).toBe(2);
  });
});
