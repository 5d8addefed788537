/**
 * `mediamon config check` reports every problem of every config file in one run, each with its file,
 * its key path and the entry's id, and exits 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cliEnv, runCli, writeTestConfig } from '../helpers/cli.js';
import { tempDir } from '../helpers/services.js';

type Doc = Record<string, unknown>;

function editYaml(dir: string, file: string, edit: (doc: Doc) => void): void {
  const target = path.join(dir, file);
  const doc = YAML.parse(readFileSync(target, 'utf8')) as Doc;
  edit(doc);
  writeFileSync(target, YAML.stringify(doc));
}

describe('mediamon config check, every problem at once', { timeout: 240_000 }, () => {
  const temp = tempDir();
  let result: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    writeTestConfig(temp.dir, [{ id: 'daily', url: 'https://example.com/rss' }, { id: 'weekly', url: 'ftp://example.com/rss' }]);
    editYaml(temp.dir, 'watchlist.yaml', (doc) => {
      const kremlin = (doc.entries as Doc[]).find((e) => e.id === 'kremlin')!;
      (kremlin.notPrecededBy as string[])[1] = '(Kazan|Tula';
      (doc.entries as Doc[]).find((e) => e.id === 'pushilin')!.nickname = 'Denis';
    });
    editYaml(temp.dir, 'rules.yaml', (doc) => {
      (doc.rules as Doc[]).find((r) => r.id === 'false-flag')!.when = ['no-such-entry'];
      (doc.rules as Doc[]).push(
        { id: 'rising-ghost', type: 'rising', watch: { entity: 'no-such-entry' } },
        { id: 'rising-two', type: 'rising', watch: { entity: 'pushilin', rule: 'false-flag' }, when: ['pushilin'] },
        { id: 'rising-rule', type: 'rising', watch: { rule: 'rising-ghost' } },
        { id: 'rising-lang', type: 'rising', watch: { entity: 'pushilin' }, languages: ['ru'] },
      );
    });
    writeFileSync(path.join(temp.dir, 'subscriptions.yaml'), YAML.stringify({ subscriptions: [{ id: 'desk', schedule: 'immediate', filter: { rules: ['no-such-rule'] }, channels: [{ type: 'file', dir: './out' }] }] }));
    result = await runCli(['config', 'check'], cliEnv({ configDir: temp.dir, prefix: 'unused', databaseUrl: 'sqlite::memory:' }));
  }, 240_000);
  afterAll(() => temp.drop());

  it('exits 2 and names each problem by file, key path and entry id', () => {
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').map((l) => l.trim());
    expect(lines).toContain('watchlist.yaml: entries[kremlin].notPrecededBy[1]: invalid regular expression /(Kazan|Tula/: unterminated group');
    expect(lines.some((l) => /^watchlist\.yaml: entries\[pushilin\]: Unrecognized key.*nickname/.test(l))).toBe(true);
    expect(lines).toContain("rules.yaml: rules[false-flag].when[0]: unknown entity 'no-such-entry'");
    expect(lines).toContain("subscriptions.yaml: subscriptions[desk].filter.rules[0]: unknown rule 'no-such-rule'");
    expect(lines).toContain('feeds.yaml: feeds[weekly].url: must be an http(s) URL');
    // Rising rules: what they watch must exist, be one thing, and text-rule keys do not belong.
    expect(lines).toContain("rules.yaml: rules[rising-ghost].watch.entity: unknown entity 'no-such-entry'");
    expect(lines.some((l) => l.startsWith('rules.yaml: rules[rising-two].watch: watch exactly one of entity'))).toBe(true);
    expect(lines).toContain('rules.yaml: rules[rising-two].when: a rising rule counts articles over time; `when` belongs to text rules (type: match)');
    expect(lines).toContain("rules.yaml: rules[rising-rule].watch.rule: unknown rule 'rising-ghost' (a rising rule watches a text rule of rules.yaml)");
    expect(lines).toContain('rules.yaml: rules[rising-lang].languages: a rising rule does not filter by `languages`; watch a feed or an affiliation instead');
    expect(result.stderr).toMatch(/config: 10 problems:/);
  });

  it('does not call a rule naming an entry that has a problem of its own an unknown entity', () => {
    expect(result.stderr).not.toMatch(/unknown entity '(kremlin|pushilin)'/);
  });
});
