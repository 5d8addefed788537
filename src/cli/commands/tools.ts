/**
 * The JSON-lines tools of the CLI contract: `extract --jsonl FILE...`, `lang`, `tag`. They call the same
 * stage functions the workers call, with no Redis and no store. Each imports what it needs when it
 * runs: `tag` with every line's `lang` given never loads the language models, nor any command cheerio.
 */

type Detect = (text: string, options?: { candidates?: string[] }) => LanguageResult;

/** The language detector, loaded on first use. */
function lazyDetector(): (text: string, candidates: string[]) => Promise<LanguageResult> {
  let detect: Detect | null = null;
  return async (text, candidates) => {
    detect ??= (await import('../../language/index.js')).detectLanguage;
    return detect(text, candidates.length ? { candidates } : {});
  };
}
import { readFile } from 'node:fs/promises';
import type { LanguageResult } from '../../types.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE, loadConfigOrFail, printJson, type GlobalOptions } from '../context.js';
import { eachJsonLine, stringField } from '../jsonl.js';

/** Read a page file (gzipped or not) and decode it from its bytes. */
export async function readPageFile(file: string): Promise<string> {
  const { decodeBytes, maybeDecompress } = await import('../../fetch/charset.js');
  const bytes = maybeDecompress(new Uint8Array(await readFile(file)));
  return decodeBytes(bytes, { kind: 'html' }).text;
}

export async function extractCommand(files: string[], options: { jsonl?: boolean }): Promise<void> {
  if (!options.jsonl) throw new CliError('extract: only --jsonl output is supported: mediamon extract --jsonl FILE...', EXIT_USAGE);
  const { extractArticle } = await import('../../extract/index.js');
  const { detectLanguage } = await import('../../language/index.js');
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
  const { detectLanguage } = await import('../../language/index.js');
  const stats = await eachJsonLine(process.stdin, 'lang', (value) => {
    const result = detectLanguage(stringField(value, 'text'));
    printJson({ id: value.id ?? null, lang: result.lang, confidence: Number(result.confidence.toFixed(4)) });
  });
  if (stats.bad > 0) process.exitCode = EXIT_FAILURE;
}

export async function tagCommand(options: GlobalOptions): Promise<void> {
  const config = loadConfigOrFail(options);
  const [{ compileWatchlist }, { compileNarrativesOrNull, narrativeIds }, { tagWithNarratives }] = await Promise.all([
    import('../../tagging/index.js'), import('../../narratives/match.js'), import('../../narratives/tag.js'),
  ]);
  const parts = {
    watchlist: compileWatchlist(config.watchlist),
    rules: config.rules,
    narratives: compileNarrativesOrNull(config.narratives),
  };
  const detect = lazyDetector();
  const stats = await eachJsonLine(process.stdin, 'tag', async (value) => {
    const text = stringField(value, 'text');
    const title = value.title == null ? null : stringField(value, 'title');
    const given = typeof value.lang === 'string' && value.lang ? value.lang : null;
    const lang = given ?? (await detect(title ? `${title}\n\n${text}` : text, config.settings.language.candidates)).lang;
    const { mentions, hits, narratives } = tagWithNarratives({ title, text }, parts, { lang });
    printJson({
      id: value.id ?? null,
      lang,
      mentions: mentions.map((m) => ({ entity: m.entity, start: m.start, end: m.end, text: m.text, field: m.field ?? 'body' })),
      rules: hits.map((h) => h.rule),
      narratives: narrativeIds(narratives),
    });
  });
  if (stats.bad > 0) process.exitCode = EXIT_FAILURE;
}
