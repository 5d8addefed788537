/**
 * Language codes: the ISO 639-1 codes mediamon speaks (BCP 47 primary subtags) and the ISO 639-3
 * codes franc uses, plus the default candidate set.
 */

/** ISO 639-1 -> ISO 639-3 (franc) for every language the detector can be asked to consider. */
export const ISO1_TO_ISO3: Readonly<Record<string, string>> = {
  ru: 'rus', uk: 'ukr', be: 'bel', bg: 'bul', mk: 'mkd', sr: 'srp', kk: 'kaz',
  en: 'eng', pl: 'pol', de: 'deu', fr: 'fra', es: 'spa', it: 'ita', cs: 'ces',
  pt: 'por', nl: 'nld', ro: 'ron', hu: 'hun', sv: 'swe', sk: 'slk', hr: 'hrv',
  bs: 'bos', sl: 'slv', lt: 'lit', lv: 'lvs', et: 'ekk', fi: 'fin', da: 'dan',
  nb: 'nob', tr: 'tur', tt: 'tat', ky: 'kir', tg: 'tgk', uz: 'uzn', az: 'azj',
};

/** ISO 639-3 -> ISO 639-1. */
export const ISO3_TO_ISO1: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ISO1_TO_ISO3).map(([one, three]) => [three, one]),
);

/**
 * The default candidates: the region's languages (Cyrillic: ru uk be bg mk sr kk) and the major
 * European languages that share its news space (en pl de fr es it cs).
 */
export const DEFAULT_CANDIDATES: readonly string[] = [
  'ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'en', 'pl', 'de', 'fr', 'es', 'it', 'cs',
];

/** Reduces a BCP 47 tag or locale ('ru-RU', 'en_US', 'UK') to its lower-case primary subtag. */
export function primarySubtag(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}
