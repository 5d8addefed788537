/**
 * Sentence spans for narrative claims: a sentence ends at . ! ? … (and any closing quotes or brackets)
 * before whitespace and a capital, digit or opening quote, or at a blank line. A quotation that runs
 * over several sentences stays split; each of them still shows its quotation marks.
 */

const SENTENCE_END_RE = /[.!?…]+["»”’)]*\s+(?=[\p{Lu}\d«"“„])|\n\s*\n/gu;

export interface Span {
  start: number;
  end: number;
}

/** The sentences of a text as [start, end) offsets, leading and trailing whitespace left out. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (const m of text.matchAll(SENTENCE_END_RE)) {
    const end = m.index + m[0].length;
    push(end);
    start = end;
  }
  push(text.length);
  return spans.length > 0 ? spans : [{ start: 0, end: text.length }];
}
