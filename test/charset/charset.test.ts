import { deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeBytes, maybeDecompress } from '../../src/fetch/charset.js';

const RU = 'Лидеры самопровозглашённых республик объявили массовую эвакуацию жителей в Россию. Киев назвал это дезинформацией.';
const UK = 'Україна закликає світ не вірити фейкам про евакуацію та провокації на сході країни.';
const FR = 'Les dirigeants séparatistes annoncent une évacuation; Kyiv dénonce une désinformation à grande échelle.';

describe('decodeBytes', () => {
  it.each([
    ['utf-8', Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from(RU, 'utf8')])],
    ['utf-16le', Buffer.from([0xff, 0xfe, ...Buffer.from(RU, 'utf16le')])],
    ['utf-16be', Buffer.from([0xfe, 0xff, ...Buffer.from(RU, 'utf16le').swap16()])],
    ['utf-32le', Buffer.from([0xff, 0xfe, 0, 0, ...iconv.encode(RU, 'utf-32le')])],
    ['utf-32be', Buffer.from([0, 0, 0xfe, 0xff, ...iconv.encode(RU, 'utf-32be')])],
  ])('BOM %s wins over any declaration', (encoding, bytes) => {
    const r = decodeBytes(bytes, { contentType: 'text/html; charset=windows-1251', kind: 'html' });
    expect(r).toEqual({ text: RU, encoding });
  });

  it('valid UTF-8 wins over a declared windows-1251 (header and XML declaration)', () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?><p>${RU}</p>`;
    const r = decodeBytes(Buffer.from(xml, 'utf8'), { contentType: 'text/xml; charset=windows-1251', kind: 'xml' });
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe(xml);
  });

  it('pure ASCII defers to the declaration', () => {
    expect(decodeBytes(Buffer.from('plain'), { contentType: 'text/plain; charset=koi8-r', kind: 'text' }).encoding).toBe('koi8-r');
    expect(decodeBytes(Buffer.from('plain'), { kind: 'text' }).encoding).toBe('utf-8');
  });

  it.each(['windows-1251', 'koi8-r'])('detects undeclared %s Russian', (enc) => {
    const r = decodeBytes(iconv.encode(`<html><body><p>${RU}</p></body></html>`, enc), { kind: 'html' });
    expect(r.encoding).toBe(enc);
    expect(r.text).toContain(RU);
  });

  it('detects undeclared windows-1251 Ukrainian', () => {
    const r = decodeBytes(iconv.encode(UK, 'windows-1251'), { kind: 'text' });
    expect(r).toEqual({ text: UK, encoding: 'windows-1251' });
  });

  it('detects undeclared KOI8-U Ukrainian (і ї є ґ, which KOI8-R reads as box drawing)', () => {
    const r = decodeBytes(iconv.encode(UK, 'koi8-u'), { kind: 'text' });
    expect(r).toEqual({ text: UK, encoding: 'koi8-u' });
  });

  it.each([
    ['utf-16le', Buffer.from(`<?xml version="1.0" encoding="UTF-16"?><p>${RU}</p>`, 'utf16le')],
    ['utf-16be', Buffer.from(`<?xml version="1.0" encoding="UTF-16"?><p>${RU}</p>`, 'utf16le').swap16()],
    ['utf-32le', iconv.encode(`<?xml version="1.0" encoding="UTF-32"?><p>${RU}</p>`, 'utf-32le')],
    ['utf-32be', iconv.encode(`<?xml version="1.0" encoding="UTF-32"?><p>${RU}</p>`, 'utf-32be')],
  ])('reads %s without a BOM', (encoding, bytes) => {
    const r = decodeBytes(bytes, { kind: 'xml' });
    expect(r.encoding).toBe(encoding);
    expect(r.text).toContain(RU);
  });

  it('falls back to windows-1252 for other undeclared legacy bytes', () => {
    expect(decodeBytes(iconv.encode(FR, 'latin1'), { kind: 'text' })).toEqual({ text: FR, encoding: 'windows-1252' });
  });

  it('honours the Content-Type charset, treating ISO-8859-1 as windows-1252', () => {
    const bytes = iconv.encode(`${FR} – ok`, 'windows-1252');
    expect(decodeBytes(bytes, { contentType: 'text/html; charset="ISO-8859-1"', kind: 'html' })).toEqual({ text: `${FR} – ok`, encoding: 'windows-1252' });
    expect(decodeBytes(iconv.encode(RU, 'koi8-r'), { contentType: 'text/plain;charset=KOI8-R', kind: 'text' }).text).toBe(RU);
  });

  it('reads <meta charset> and http-equiv in HTML', () => {
    const meta = `<html><head><meta charset="koi8-r"><title>x</title></head><body>${RU}</body></html>`;
    expect(decodeBytes(iconv.encode(meta, 'koi8-r'), { kind: 'html' })).toMatchObject({ encoding: 'koi8-r', text: meta });
    const equiv = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>${RU}</body></html>`;
    expect(decodeBytes(iconv.encode(equiv, 'windows-1251'), { kind: 'html' })).toMatchObject({ encoding: 'windows-1251', text: equiv });
  });

  it('reads the XML declaration for kind xml', () => {
    const xml = `<?xml version="1.0" encoding="KOI8-R"?><t>${RU}</t>`;
    expect(decodeBytes(iconv.encode(xml, 'koi8-r'), { kind: 'xml' })).toEqual({ text: xml, encoding: 'koi8-r' });
  });

  it('keeps mostly-valid UTF-8 with a few broken bytes as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(RU, 'utf8'), Buffer.from([0xff]), Buffer.from(' конец', 'utf8')]);
    const r = decodeBytes(bytes, { contentType: 'text/html; charset=utf-8', kind: 'html' });
    expect(r.encoding).toBe('utf-8');
    expect(r.text.startsWith(RU)).toBe(true);
  });

  it('ignores unknown charset labels', () => {
    expect(decodeBytes(Buffer.from(RU, 'utf8'), { contentType: 'text/html; charset=x-bogus', kind: 'html' }).text).toBe(RU);
  });
});

describe('maybeDecompress', () => {
  const body = Buffer.from(`<rss>${RU}</rss>`, 'utf8');

  it('gunzips and inflates by magic bytes; leaves other bodies alone', () => {
    expect(Buffer.from(maybeDecompress(gzipSync(body)))).toEqual(body);
    expect(Buffer.from(maybeDecompress(deflateSync(body)))).toEqual(body);
    expect(maybeDecompress(body)).toBe(body);
  });

  it('returns what a truncated gzip stream yields', () => {
    const gz = gzipSync(Buffer.alloc(100_000, 'a'));
    expect(maybeDecompress(gz.subarray(0, gz.length - 8)).length).toBe(100_000);
  });

  it('stops a decompression bomb at the cap with a too-large error', () => {
    const bomb = gzipSync(Buffer.alloc(50_000_000));
    expect(bomb.length).toBeLessThan(100_000);
    try {
      maybeDecompress(bomb, 1_000_000);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DecodeError);
      expect((err as DecodeError).kind).toBe('too-large');
      expect((err as DecodeError).message).toMatch(/^fetch: /);
    }
  });

  it('reports a corrupt gzip body', () => {
    const bad = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]);
    expect(() => maybeDecompress(bad)).toThrow(DecodeError);
  });
});
