/**
 * The JSON-lines tools of the CLI contract (extract, lang, tag) and `ingest`, run as a user runs them.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, jsonLines, runCli, writeTestConfig } from '../helpers/cli.js';
import { newsPage, rssFeed } from '../helpers/fixture-server.js';
import { FIXTURES, sharedData } from '../helpers/paths.js';
import { redisPrefix, REPO_ROOT, tempDir } from '../helpers/services.js';
import { itShared } from '../helpers/shared-data.js';
import { readSeed, SEED_ENTITIES, SEED_FILE, SEED_RULES, SEED_TITLE, seedFile, SHARED_SEED_FILE } from '../pipeline/seed-fixture.js';

const temp = tempDir();
const redis = redisPrefix();
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  writeTestConfig(temp.dir, []);
  env = cliEnv({ configDir: temp.dir, prefix: redis.prefix, databaseUrl: `sqlite:${path.join(temp.dir, 'db.sqlite')}` });
});
afterAll(async () => {
  await redis.drop();
  temp.drop();
});

describe('mediamon extract --jsonl', () => {
  /** Runs `extract --jsonl` over files and checks one well-formed line a file, in order, with its language. */
  async function extractsWithLanguages(files: string[], langs: string[]): Promise<void> {
    const result = await runCli(['extract', '--jsonl', ...files], env);
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines<{ file: string; title: string | null; text: string; lang: string }>(result.stdout);
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines.map((l) => l.lang)).toEqual(langs);
    for (const line of lines) {
      expect(line.text.length).toBeGreaterThan(200);
      expect(Object.keys(line)).toEqual(['file', 'title', 'text', 'author', 'published', 'lang']);
    }
  }

  it('extracts gzipped Russian and Ukrainian pages with their language, one line a file', async () => {
    const page = (name: string, html: string) => {
      const file = path.join(temp.dir, `${name}.html.gz`);
      writeFileSync(file, gzipSync(html));
      return file;
    };
    const seedPage = (lang: 'ru' | 'uk') => newsPage({ title: 'Эвакуация', paragraphs: readSeed(seedFile(lang)).paragraphs, lang });
    const files = [
      page('seed-ru', seedPage('ru')),
      page('seed-uk', seedPage('uk')),
      page('footer-ru', readFileSync(path.join(FIXTURES, 'pages', 'ru-news-footer', 'source.html'), 'utf8')),
    ];
    await extractsWithLanguages(files, ['ru', 'uk', 'ru']);
  });

  itShared('extracts gzipped Russian news pages of the DAnIEL corpus', {
    data: 'extraction-dev/daniel-ru',
    checks: '`extract --jsonl` on three real gzipped Russian news pages',
  }, async () => {
    const dir = sharedData('extraction-dev', 'daniel-ru', 'pages');
    const files = readdirSync(dir).slice(0, 3).map((f) => path.join(dir, f));
    await extractsWithLanguages(files, ['ru', 'ru', 'ru']);
  });

  it('reports a missing file and goes on with the rest', async () => {
    const page = path.join(temp.dir, 'page.html');
    writeFileSync(page, newsPage({ title: 'Peskov comments', paragraphs: ['Kremlin spokesman Dmitry Peskov said on Friday that the talks would go on, and that no date had been set.'] }));
    const result = await runCli(['extract', '--jsonl', path.join(temp.dir, 'missing.html'), page], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/extract: .*missing\.html/);
    expect(jsonLines<{ file: string; text: string }>(result.stdout).map((l) => l.file)).toEqual([page]);
  });
});

describe('mediamon lang', () => {
  it('answers each line with a BCP 47 code, und for what is too short, and skips bad lines', async () => {
    const input = [
      { id: 'ru', text: 'Глава самопровозглашённой республики заявил об эвакуации мирных жителей в Ростовскую область.' },
      { id: 'uk', text: 'Президент України заявив, що українські військові не планують наступу на окуповані території.' },
      { id: 'en', text: 'The separatist leaders announced a mass evacuation of civilians into Russia on Friday.' },
      { id: 'short', text: 'ok' },
    ].map((l) => JSON.stringify(l));
    const result = await runCli(['lang'], env, [...input, 'not json', ''].join('\n'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lang: stdin line 5: /);
    const out = jsonLines<{ id: string; lang: string; confidence: number }>(result.stdout);
    expect(out.map((o) => [o.id, o.lang])).toEqual([['ru', 'ru'], ['uk', 'uk'], ['en', 'en'], ['short', 'und']]);
    expect(out[3]!.confidence).toBeLessThan(0.5);
  });
});

describe('mediamon tag', () => {
  it('gives mentions with offsets into the text and the rules that fire', async () => {
    const seed = readFileSync(SEED_FILE, 'utf8');
    const seedUk = readFileSync(seedFile('uk'), 'utf8');
    const ru = 'Глава ДНР Денис Пушилин объявил об эвакуации жителей республики в Россию.';
    const input = [{ id: 'seed', text: seed }, { id: 'ru', text: ru, lang: 'ru' }, { id: 'seed-uk', text: seedUk }];
    const result = await runCli(['tag'], env, input.map((l) => `${JSON.stringify(l)}\n`).join(''));
    expect(result.code, result.stderr).toBe(0);
    const [seedOut, ruOut, ukOut] = jsonLines<{ id: string; lang: string; mentions: { entity: string; start: number; end: number; text: string }[]; rules: string[]; narratives: string[] }>(result.stdout);
    expect(seedOut!.lang).toBe('en');
    expect(seedOut!.narratives).toEqual(expect.arrayContaining(['ukraine-aggressive', 'russia-must-protect-itself']));
    expect(ruOut!.narratives).toEqual([]);
    expect(seedOut!.rules).toEqual(expect.arrayContaining(SEED_RULES));
    for (const m of seedOut!.mentions) expect(seed.slice(m.start, m.end)).toBe(m.text);
    expect(ukOut).toMatchObject({ id: 'seed-uk', lang: 'uk' });
    expect(ukOut!.rules).toEqual(expect.arrayContaining(SEED_RULES));
    expect(ukOut!.mentions.map((m) => m.entity)).toEqual(expect.arrayContaining(SEED_ENTITIES));
    expect(ruOut!.mentions.map((m) => [m.entity, m.text])).toEqual(
      expect.arrayContaining([['dpr', 'ДНР'], ['pushilin', 'Денис Пушилин'], ['evacuation', 'эвакуации']]),
    );
    expect(ruOut!.rules).toContain('donbas-evacuation');
  });
});

describe('mediamon tag with a title', () => {
  it('tags the title too: mentions carry their field, and the headline alone fires the rule', async () => {
    const line = { id: 'h', title: 'Pushilin announces mass evacuation of DPR civilians to Russia', text: 'The separatist leader spoke on Friday.' };
    const result = await runCli(['tag'], env, `${JSON.stringify(line)}\n${JSON.stringify({ id: 'bad', text: 'x', title: 7 })}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tag: stdin line 2: "title" must be a string/);
    const [out] = jsonLines<{ lang: string; mentions: { entity: string; start: number; end: number; text: string; field: string }[]; rules: string[] }>(result.stdout);
    expect(out!.mentions.map((m) => [m.field, m.entity])).toEqual([['title', 'pushilin'], ['title', 'evacuation'], ['title', 'dpr']]);
    for (const m of out!.mentions) expect(line.title.slice(m.start, m.end)).toBe(m.text);
    expect(out!.rules).toContain('donbas-evacuation');
  });
});

describe('mediamon ingest', () => {
  it('runs one page through every stage and prints what it found, storing nothing', async () => {
    const seed = readSeed();
    const page = path.join(temp.dir, 'seed.html');
    writeFileSync(page, newsPage({ title: SEED_TITLE, paragraphs: seed.paragraphs, published: `${seed.date}T10:00:00Z` }));
    const result = await runCli(['ingest', page, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const [out] = jsonLines<{ title: string; lang: string; published: string; rules: { rule: string }[]; method: string }>(result.stdout);
    expect(out).toMatchObject({ title: SEED_TITLE, lang: 'en', method: 'generic' });
    expect(out!.published.slice(0, 10)).toBe('2022-02-18');
    expect(out!.rules.map((r) => r.rule)).toEqual(expect.arrayContaining(SEED_RULES));
    const human = await runCli(['ingest', page], env);
    expect(human.stdout).toMatch(/rules: .*donbas-evacuation/);
    expect(human.stdout).toMatch(/mentions: .*pushilin \(/);
    const alerts = await runCli(['alerts', 'list', '--json'], env);
    expect(jsonLines(alerts.stdout)).toEqual([]);
  });

  it('stores with --store, and reads a feed file using the items\' own text', async () => {
    const feed = path.join(temp.dir, 'feed.xml');
    writeFileSync(feed, rssFeed('Local', [{ title: 'Пушилин объявил эвакуацию', link: 'https://dan.example/1', description: 'Глава ДНР Денис Пушилин объявил об эвакуации жителей в Россию.' }]));
    const result = await runCli(['ingest', feed, '--json', '--store'], env);
    expect(result.code, result.stderr).toBe(0);
    const [out] = jsonLines<{ lang: string; method: string; rules: { rule: string }[] }>(result.stdout);
    expect(out).toMatchObject({ lang: 'ru', method: 'feed-fallback' });
    expect(out!.rules.map((r) => r.rule)).toContain('donbas-evacuation');
    const alerts = jsonLines<{ rule: string; url: string }>((await runCli(['alerts', 'list', '--json'], env)).stdout);
    expect(alerts.map((a) => [a.rule, a.url])).toContainEqual(['donbas-evacuation', 'https://dan.example/1']);
  });

  /** `ingest FILE --json` on a saved plain-text article: read as the article itself, tagged, rules fired. */
  async function ingestsPlainText(file: string, lang: string, phrase: string): Promise<void> {
    const result = await runCli(['ingest', file, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const [out] = jsonLines<{ lang: string; method: string; text: string; mentions: { entity: string }[]; rules: { rule: string }[] }>(result.stdout);
    expect(out).toMatchObject({ lang, method: 'plain-text' });
    expect(out!.text).toContain(phrase);
    expect(out!.mentions.map((m) => m.entity)).toEqual(expect.arrayContaining(SEED_ENTITIES));
    expect(out!.rules.map((r) => r.rule)).toEqual(expect.arrayContaining(SEED_RULES));
  }

  it('reads a plain-text file (the seed article as saved) as the article itself', async () => {
    await ingestsPlainText(seedFile('ru'), 'ru', 'глава ЛНР Леонид Пасечник отдал такой же приказ');
  });

  itShared('reads the original seed article (plain text) as the article itself', {
    data: 'seed/evacuation-2022-02-18.txt',
    checks: '`ingest --json` of the original news article',
  }, async () => {
    await ingestsPlainText(SHARED_SEED_FILE, 'en', 'Leonid Pasechnik followed up with evacuation orders');
  });

  it('raises donbas-evacuation from a page whose headline alone names Pushilin and the DPR', async () => {
    const page = path.join(REPO_ROOT, 'test/fixtures/pages/headline-evacuation/source.html');
    const result = await runCli(['ingest', page, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const [out] = jsonLines<{ title: string; mentions: { entity: string; field: string }[]; rules: { rule: string }[] }>(result.stdout);
    expect(out!.title).toBe('Pushilin announces mass evacuation of DPR civilians to Russia');
    expect(out!.mentions.filter((m) => m.field === 'title').map((m) => m.entity)).toEqual(['pushilin', 'evacuation', 'dpr']);
    expect(out!.mentions.filter((m) => m.field === 'body').map((m) => m.entity)).toEqual(['offensive']);
    expect(out!.rules.map((r) => r.rule)).toContain('donbas-evacuation');
    const human = await runCli(['ingest', page], env);
    expect(human.stdout).toMatch(/rules: .*donbas-evacuation/);
  });

  it('says clearly when the input cannot be read', async () => {
    const result = await runCli(['ingest', path.join(temp.dir, 'nope.html')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ingest: cannot read .*nope\.html: no such file/);
  });
});
