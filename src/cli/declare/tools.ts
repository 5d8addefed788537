/** `mediamon extract`, `lang` and `tag`: the pipeline's steps on files and stdin, run by src/cli/commands/tools.ts. */
import type { Command } from 'commander';
import { lazy } from '../lazy.js';

const load = () => import('../commands/tools.js');

export function registerExtract(program: Command): void {
  program.command('extract <files...>').description('extract article bodies from HTML files (gzipped too)')
    .option('--jsonl', 'one JSON object a line').action(lazy(load, (m) => m.extractCommand));
}

export function registerLang(program: Command): void {
  program.command('lang').description('detect languages: JSON lines {"id","text"} on stdin').action(lazy(load, (m) => m.langCommand));
}

export function registerTag(program: Command): void {
  program.command('tag').description('tag watchlist mentions: JSON lines {"id","text","title"?,"lang"?} on stdin').action(lazy(load, (m) => m.tagCommand));
}
