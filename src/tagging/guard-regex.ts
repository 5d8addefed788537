/**
 * Operator regexes (an entry's notPrecededBy / notFollowedBy) on a linear-time engine. The pattern is
 * the operator's but the text is the world's: on JavaScript's backtracking engine `(a+)+$` before a
 * watched name takes seconds for 27 letters and never ends for 79. re2js (a pure-JavaScript port of
 * RE2) matches in time linear in the text whatever the pattern, and refuses what it cannot do so
 * (lookahead, lookbehind, backreferences): `config check` reports those with the reason.
 *
 * Patterns are written as for JavaScript (Unicode, case-insensitive); two spellings are translated so
 * that they mean the same on RE2: `\s`/`\S` (RE2's are ASCII-only; JavaScript's include no-break and
 * other Unicode spaces) and `\p{Script=X}` / `\p{sc=X}` (RE2 writes `\p{X}`).
 */
import { RE2JS } from 're2js';

/** JavaScript's `\s` with the `u` flag, in RE2 class syntax. */
const JS_SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
const SCRIPT_RE = /\\([pP])\{(?:Script|sc)=([A-Za-z_]+)\}/g;

/** A compiled guard: whether the text around a match (sliced by the matcher) matches. */
export interface GuardRegex {
  readonly source: string;
  test(text: string): boolean;
}

/** Rewrites `\s`, `\S` and `\p{Script=X}` for RE2, inside and outside character classes. */
export function toRe2Syntax(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (next === 'S') out += inClass ? '\\S' : `[^${JS_SPACE}]`; // [^\s] inside a class: rare; RE2's \S is close
      else out += ch + next;
      i++;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out.replace(SCRIPT_RE, '\\$1{$2}');
}

/** Compiles an operator pattern anchored at the end (text before a match) or the start (text after). */
export function compileGuard(pattern: string, anchor: 'start' | 'end'): GuardRegex {
  const body = toRe2Syntax(pattern);
  const re = RE2JS.compile(anchor === 'end' ? `(?:${body})$` : `^(?:${body})`, RE2JS.CASE_INSENSITIVE);
  return { source: pattern, test: (text: string) => re.test(text) };
}

/**
 * Why a pattern cannot be used (JavaScript syntax error, or a construct the linear-time engine does
 * not have: lookahead, lookbehind, backreferences), or null when it can.
 */
export function guardProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'iu');
  } catch (err) {
    // V8 says "Invalid regular expression: /(x/iu: Unterminated group": keep only the reason.
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
    return `invalid regular expression /${pattern}/: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  }
  try {
    compileGuard(pattern, 'start');
    return null;
  } catch (err) {
    const why = (err as Error).message.replace(/^error parsing regexp: /, '');
    return `not supported by the linear-time regex engine (RE2: no lookahead, lookbehind or backreferences, so no pattern can backtrack without bound): ${why}`;
  }
}
