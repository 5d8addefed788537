/**
 * The strict reader's verdict on a feed as served. rss-parser (xml2js/sax underneath) is the reader many
 * tools embed, and it accepts only RSS 1.0/2.0 and Atom it can tokenise: no bare `&`, no stray `<`, no `<rss>`
 * without a version, no undeclared entities in attributes. mediamon reads feeds with its own liberal reader
 * (parse.ts says why), and `feeds check` asks rss-parser too, so an operator learns whether a feed works
 * only because mediamon repaired it — the thing to report to the publisher.
 */
import Parser from 'rss-parser';

/** What the strict reader said. `error` is its message (first line), or null when it accepted the feed. */
export interface StrictVerdict {
  ok: boolean;
  error: string | null;
}

const parser = new Parser();

/** Asks rss-parser whether it accepts the decoded feed text as it is (no repairs). Never throws. */
export async function strictVerdict(text: string): Promise<StrictVerdict> {
  try {
    await parser.parseString(text.replace(/^\uFEFF/, ''));
    return { ok: true, error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // sax reports "message\nLine: 3\nColumn: 17\nChar: &": one line, without an empty Char.
    const lines = message.split('\n').map((s) => s.trim()).filter((s) => s && s !== 'Char:');
    return { ok: false, error: lines.join(', ') };
  }
}
