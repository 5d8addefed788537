/**
 * The JSON-lines tools of the CLI contract: `extract --jsonl FILE...`, `lang`, `tag`. They call the same
 * stage functions the workers call, with no Redis and no store.
 */
import { readFile } from 'node:fs/promises';
import { decodeBytes, maybeDecompress } from '../../fetch/charset.js';
import { extractArticle } from '../../extract/index.js';
import { detectLanguage } from '../../language/index.js';
import { createAnalyzer } from '../../pipeline/analyze.js';
import { narrativeIds } from '../../narratives/match.js';
import { tagWithNarratives } from '../../narratives/tag.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE, loadConfigOrFail, printJson, type GlobalOptions } from '../context.js';
import { eachJsonLine, stringField } from '../jsonl.js';

/** Read a page file (gzipped or not) and decode it from its bytes. */
export async function readPageFile(file: string): Promise<string> {
  const bytes = maybeDecompress(new Uint8Array(await readFile(file)));
  return decodeBytes(bytes, { kind: 'html' }).text;
}

export async function extractCommand(files: string[], options: { jsonl?: boolean }): Promise<void> {
  if (!options.jsonl) throw new CliError('extract: only --jsonl output is supported: mediamon extract --jsonl FILE...', EXIT_USAGE);
  let failed = 0;
  for (const file of files) {
    try {
      const article = extractArticle(await readPageFile(file), null);
      const lang = detectLanguage(`${article.title ?? ''}\n\n${article.text}`, { hints: article.langHints }).lang;
      printJson({ file, title: article.title, text: article.text, author: article.author, published: article.published, lang });
    } catch (error) {
      failed++;
      process.stderr.write(`extract: ${file}: ${(error as Error).message}\n`);
    }
  }
  if (failed > 0) process.exitCode = EXIT_FAILURE;
}

export async function langCommand(): Promise<void> {
  const stats = await eachJsonLine(process.stdin, 'lang', (value) => {
    const result = detectLanguage(stringField(value, 'text'));
    printJson({ id: value.id ?? null, lang: result.lang, confidence: Number(result.confidence.toFixed(4)) });
  });
  if (stats.bad > 0) process.exitCode = EXIT_FAILURE;
}

export async function tagCommand(options: GlobalOptions): Promise<void> {
  const analyzer = createAnalyzer(loadConfigOrFail(options));
  const stats = await eachJsonLine(process.stdin, 'tag', (value) => {
    const text = stringField(value, 'text');
    const given = typeof value.lang === 'string' && value.lang ? value.lang : null;
    const lang = given ?? detectLanguage(text, analyzer.candidates.length ? { candidates: analyzer.candidates } : {}).lang;
    const { mentions, hits, narratives } = tagWithNarratives(text, analyzer, { lang });
    printJson({
      id: value.id ?? null,
      lang,
      mentions: mentions.map((m) => ({ entity: m.entity, start: m.start, end: m.end, text: m.text })),
      rules: hits.map((h) => h.rule),
      narratives: narrativeIds(narratives),
    });
  });
  if (stats.bad > 0) process.exitCode = EXIT_FAILURE;
}
