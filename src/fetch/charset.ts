/**
 * Byte decoding for fetched bodies (pages, feeds, files): decompression by magic bytes with a size cap,
 * and charset resolution in a fixed order:
 *   1. byte-order mark (or, without one, the NUL bytes every UTF-16 and UTF-32 document is full of);
 *   2. valid UTF-8 (non-ASCII) wins even over a declared legacy charset (servers and XML declarations lie
 *      far more often than bytes do); pure ASCII defers to the declaration;
 *   3. HTTP Content-Type charset;
 *   4. in-document declaration: the XML declaration (kind 'xml'), <meta charset> / http-equiv (kind 'html');
 *   5. detection: mostly-valid UTF-8 with a few broken bytes stays UTF-8; runs of high bytes are scored as
 *      Cyrillic (windows-1251 vs KOI8-R/KOI8-U by letter frequency); anything else is windows-1252.
 */
import { gunzipSync, inflateSync, constants as zlibConstants } from 'node:zlib';
import iconv from 'iconv-lite';

/** Default cap on a decompressed body (bytes). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
/** How far into an HTML document to look for <meta charset>. */
const HTML_META_SCAN_BYTES = 4096;
/** How far into an XML document to look for the XML declaration. */
const XML_DECL_SCAN_BYTES = 1024;
const CONTENT_TYPE_CHARSET_RE = /charset\s*=\s*["']?([\w.:-]+)/i;
const XML_DECL_ENCODING_RE = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i;
const META_CHARSET_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?([\w.:-]+)/i;
/** How many leading bytes to read for BOM-less UTF-16, and the share of byte pairs that must hold a NUL. */
const UTF16_SNIFF_BYTES = 512;
const UTF16_NUL_SHARE = 0.3;
/** KOI8-R's box-drawing characters that KOI8-U turns into і ї є ґ (and their capitals). */
const KOI8U_ONLY_RE = /[\u2553\u2555\u2556\u255c\u2562\u2564\u2565\u256b]/u;
/** Fraction of high bytes that must sit in runs of 3+ for the body to be treated as Cyrillic text. */
const CYRILLIC_RUN_SHARE = 0.5;
/** Relative frequency (%) of Russian lower-case letters; used to score decodings. */
const RU_LETTER_FREQ: Record<string, number> = {
  о: 10.97, е: 8.45, а: 8.01, и: 7.35, н: 6.7, т: 6.26, с: 5.47, р: 4.73, в: 4.54, л: 4.4, к: 3.49,
  м: 3.21, д: 2.98, п: 2.81, у: 2.62, я: 2.01, ы: 1.9, ь: 1.74, г: 1.7, з: 1.65, б: 1.59, ч: 1.44,
  й: 1.21, х: 0.97, ж: 0.94, ш: 0.73, ю: 0.64, ц: 0.48, щ: 0.36, э: 0.32, ф: 0.26, ъ: 0.04, ё: 0.04,
  і: 2.0, ї: 0.5, є: 0.4, ґ: 0.05,
};
/** Labels that mean windows-1252 in practice (WHATWG Encoding Standard). */
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'ansi_x3.4-1968', 'cp1252', 'windows-1252']);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

export type DecodeKind = 'html' | 'xml' | 'json' | 'text';

/** Hints for {@link decodeBytes}: the HTTP Content-Type (if any) and what the body is expected to be. */
export interface DecodeHints {
  contentType?: string | null;
  kind: DecodeKind;
}

/** A decoded body and the encoding it was decoded from (lower-case canonical name, e.g. 'windows-1251'). */
export interface DecodedText {
  text: string;
  encoding: string;
}

/** A body that could not be decoded or decompressed; `kind` is the boundary error class. */
export class DecodeError extends Error {
  readonly kind: 'too-large' | 'corrupt';
  constructor(kind: 'too-large' | 'corrupt', message: string) {
    super(message.startsWith('fetch: ') ? message : `fetch: ${message}`);
    this.name = 'DecodeError';
    this.kind = kind;
  }
}

/**
 * Decompresses a gzip or zlib body when its magic bytes say so, whatever the headers say (servers that
 * gzip twice, files saved compressed). Other bodies are returned unchanged. Truncated streams yield what
 * could be inflated. Throws {@link DecodeError} kind 'too-large' when the output would pass `maxBytes`.
 */
export function maybeDecompress(bytes: Uint8Array, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES): Uint8Array {
  const gzip = bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
  const zlib = !gzip && bytes.length >= 2 && bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]!) % 31 === 0;
  if (!gzip && !zlib) return bytes;
  const opts = { maxOutputLength: maxBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH };
  try {
    const out = gzip ? gunzipSync(bytes, opts) : inflateSync(bytes, opts);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new DecodeError('too-large', `fetch: decompressed body exceeds ${maxBytes} bytes`);
    }
    if (zlib) return bytes; // 0x78 0x9c... can be a plain-text coincidence; leave it alone
    throw new DecodeError('corrupt', `fetch: corrupt gzip body (${(err as Error).message})`);
  }
}

/**
 * Decodes a body to text (see the module comment for the order of evidence). Never throws: unknown
 * declared charsets are ignored and detection takes over. The BOM is not part of the returned text.
 */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints): DecodedText {
  const bom = decodeBom(bytes) ?? sniffWideUnicode(bytes);
  if (bom) return bom;
  const ascii = isAscii(bytes);
  if (!ascii) {
    const utf8 = tryStrictUtf8(bytes);
    if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  }
  const declared = declaredCharset(bytes, hints);
  if (declared && !(UTF8_LABELS.has(declared) && !ascii)) {
    return { text: iconv.decode(toBuffer(bytes), declared), encoding: declared };
  }
  if (ascii) return { text: latin1(bytes), encoding: declared ?? 'utf-8' };
  return detect(bytes);
}

/** The charset named by the headers or the document, canonicalised, if iconv-lite supports it. */
function declaredCharset(bytes: Uint8Array, hints: DecodeHints): string | null {
  const candidates: (string | undefined)[] = [hints.contentType?.match(CONTENT_TYPE_CHARSET_RE)?.[1]];
  if (hints.kind === 'xml' || hints.kind === 'html') {
    const head = latin1(bytes.subarray(0, hints.kind === 'xml' ? XML_DECL_SCAN_BYTES : HTML_META_SCAN_BYTES));
    candidates.push(head.match(XML_DECL_ENCODING_RE)?.[1]);
    if (hints.kind === 'html') candidates.push(head.match(META_CHARSET_RE)?.[1]);
  }
  for (const label of candidates) {
    const name = label ? canonicalCharset(label) : null;
    if (name) return name;
  }
  return null;
}

/** Lower-case canonical encoding name for a label, or null when iconv-lite does not know it. */
export function canonicalCharset(label: string): string | null {
  const l = label.trim().toLowerCase();
  if (WINDOWS_1252_LABELS.has(l)) return 'windows-1252';
  if (UTF8_LABELS.has(l)) return 'utf-8';
  // A document that says utf-16 but reached us without a BOM was transcoded on the way: ignore the label.
  if (l.startsWith('utf-16') || l.startsWith('utf-32') || l === 'unicode') return null;
  const cp = /^(?:cp|win-?)(125\d)$/.exec(l);
  if (cp) return `windows-${cp[1]}`;
  return iconv.encodingExists(l) ? l : null;
}

function decodeBom(bytes: Uint8Array): DecodedText | null {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  // UTF-32 before UTF-16: FF FE 00 00 is a UTF-32LE BOM, not a UTF-16LE one followed by NUL.
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return utf32(bytes.subarray(4), 'utf-32le');
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return utf32(bytes.subarray(4), 'utf-32be');
  if (a === 0xff && b === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (a === 0xfe && b === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  return null;
}

/**
 * UTF-32 and UTF-16 without a BOM (XML 1.0 appendix F: `<\0\0\0` starts UTF-32LE, `<\0?\0` UTF-16LE).
 * Text never holds NUL bytes, so NULs in most odd (or even) positions of the first bytes can only be UTF-16.
 */
function sniffWideUnicode(bytes: Uint8Array): DecodedText | null {
  const n = Math.min(bytes.length, UTF16_SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  if (n >= 8 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] !== 0) return utf32(bytes, 'utf-32be');
  if (n >= 8 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0) return utf32(bytes, 'utf-32le');
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * UTF16_NUL_SHARE && evenNul === 0) return utf16(bytes, 'utf-16le');
  if (evenNul >= pairs * UTF16_NUL_SHARE && oddNul === 0) return utf16(bytes, 'utf-16be');
  return null;
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

function utf32(bytes: Uint8Array, encoding: 'utf-32le' | 'utf-32be'): DecodedText {
  return { text: iconv.decode(toBuffer(bytes), encoding), encoding };
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function tryStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function latin1(bytes: Uint8Array): string {
  return toBuffer(bytes).toString('latin1');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Undeclared (or wrongly declared UTF-8) non-ASCII bytes: broken UTF-8, Cyrillic, or Western. */
function detect(bytes: Uint8Array): DecodedText {
  const { validMultibyte, invalid, runHigh, high } = byteStats(bytes);
  if (validMultibyte > invalid * 4) {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
  if (high > 0 && runHigh / high >= CYRILLIC_RUN_SHARE) {
    const buf = toBuffer(bytes);
    const cp1251 = iconv.decode(buf, 'windows-1251');
    const koi8 = iconv.decode(buf, 'koi8-r');
    // KOI8-U is KOI8-R with і ї є ґ where KOI8-R draws boxes: Ukrainian text needs it.
    const koi8u = KOI8U_ONLY_RE.test(koi8) ? iconv.decode(buf, 'koi8-u') : null;
    const [koiText, koiName] = koi8u === null ? [koi8, 'koi8-r'] : [koi8u, 'koi8-u'];
    return cyrillicScore(koiText) > cyrillicScore(cp1251)
      ? { text: koiText, encoding: koiName }
      : { text: cp1251, encoding: 'windows-1251' };
  }
  return { text: iconv.decode(toBuffer(bytes), 'windows-1252'), encoding: 'windows-1252' };
}

/** Counts well-formed UTF-8 multi-byte sequences, stray high bytes, and high bytes in runs of 3+. */
function byteStats(bytes: Uint8Array): { validMultibyte: number; invalid: number; runHigh: number; high: number } {
  let validMultibyte = 0, invalid = 0, runHigh = 0, high = 0, run = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) {
      high++;
      run++;
    } else {
      if (run >= 3) runHigh += run;
      run = 0;
    }
  }
  if (run >= 3) runHigh += run;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      validMultibyte++;
      i += len - 1;
    } else invalid++;
  }
  return { validMultibyte, invalid, runHigh, high };
}

/**
 * Scores a candidate decoding as Russian/Ukrainian text: frequent lower-case letters score by frequency,
 * an upper-case letter right after a lower-case one (what a wrong KOI8-R/1251 guess produces) is penalised.
 */
function cyrillicScore(text: string): number {
  let score = 0;
  let prevLower = false;
  for (const ch of text) {
    const f = RU_LETTER_FREQ[ch];
    if (f !== undefined) {
      score += f;
      prevLower = true;
      continue;
    }
    const lower = ch.toLowerCase();
    if (lower !== ch && RU_LETTER_FREQ[lower] !== undefined && prevLower) score -= 5;
    prevLower = false;
  }
  return score;
}
