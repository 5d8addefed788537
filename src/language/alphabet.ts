/**
 * Alphabet evidence. Each language's letters beyond the plain base alphabet are listed; a letter the
 * language does not use is strong evidence against it (Belarusian has no «и», Serbian no «й», Polish
 * no «ř»), a letter only a few languages use is evidence for them.
 */

export type Script = 'Cyrillic' | 'Latin';

/** Full lower-case alphabets of the Cyrillic languages. */
export const CYRILLIC_ALPHABETS: Readonly<Record<string, string>> = {
  ru: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  uk: 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя',
  be: 'абвгдеёжзійклмнопрстуўфхцчшыьэюя',
  bg: 'абвгдежзийклмнопрстуфхцчшщъьюя',
  mk: 'абвгдѓежзѕијклљмнњопрстќуфхцчџш',
  sr: 'абвгдђежзијклљмнњопрстћуфхцчџш',
  kk: 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя',
  tt: 'аәбвгдеёжҗзийклмнңоөпрстуүфхһцчшщъыьэюя',
  ky: 'абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя',
  tg: 'абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя',
};

/** Letters beyond a-z each Latin-script language uses (loanword letters excluded). */
export const LATIN_EXTRA_LETTERS: Readonly<Record<string, string>> = {
  en: '',
  de: 'äöüß',
  fr: 'àâæçéèêëîïôœùûüÿ',
  es: 'áéíñóúü',
  it: 'àèéìíîòóùú',
  pl: 'ąćęłńóśźż',
  cs: 'áčďéěíňóřšťúůýž',
  sk: 'áäčďéíĺľňóôŕšťúýž',
  pt: 'áâãàçéêíóôõú',
  ro: 'ăâîșşțţ',
  hu: 'áéíóöőúüű',
  hr: 'čćđšž', bs: 'čćđšž', sr: 'čćđšž', sl: 'čšž',
  nl: 'éëïóö', sv: 'åäöé', da: 'æøåé', nb: 'æøåé', fi: 'äöå', et: 'äöõüšž',
  lt: 'ąčęėįšųūž', lv: 'āčēģīķļņšūž', tr: 'çğıöşü', az: 'çəğıöşü', uz: '',
};

/** Log-probability cost of a letter the language does not use (per occurrence). */
export const FOREIGN_LETTER_COST = -6;
/** Log-probability bonus of a letter shared by few candidates, scaled by 1 / (number sharing it). */
export const RARE_LETTER_BONUS = 3;

/**
 * Letter sequences a language does not write although it has both letters: Bulgarian «ь» stands
 * only before «о»; Russian «ъ» only before «е ё ю я»; Belarusian and Ukrainian «'» (not «ъ»).
 */
export const FOREIGN_SEQUENCES: ReadonlyArray<{ lang: string; re: RegExp }> = [
  { lang: 'bg', re: /ь(?!о)/g },
  { lang: 'ru', re: /ъ(?![еёюя])/g },
  { lang: 'kk', re: /ъ(?![еёюя])/g },
];

/** Code-point ranges (faster than Unicode-property regexes, which matters per character). */
const isCyrillic = (cp: number): boolean => (cp >= 0x400 && cp <= 0x52f) || (cp >= 0x1c80 && cp <= 0x1c8f) || (cp >= 0xa640 && cp <= 0xa69f);
const isLatin = (cp: number): boolean =>
  (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff);
const isBasicLatinLower = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;

/** Counts letters by script and returns the dominant one, or null when the text has no letters. */
export function dominantScript(text: string): { script: Script | null; letters: number } {
  let cyr = 0;
  let lat = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (isCyrillic(cp)) cyr++;
    else if (isLatin(cp)) lat++;
  }
  if (cyr + lat === 0) return { script: null, letters: 0 };
  return { script: cyr >= lat ? 'Cyrillic' : 'Latin', letters: cyr + lat };
}

/** Whether a language is written in the given script (for the candidate filter). */
export function usesScript(lang: string, script: Script): boolean {
  return script === 'Cyrillic' ? lang in CYRILLIC_ALPHABETS : lang in LATIN_EXTRA_LETTERS && lang !== 'sr';
}

/** The letters of a language's alphabet in a script, or null when the table does not know it. */
function alphabetOf(lang: string, script: Script): string | null {
  if (script === 'Cyrillic') return CYRILLIC_ALPHABETS[lang] ?? null;
  const extra = LATIN_EXTRA_LETTERS[lang];
  return extra === undefined ? null : extra;
}

/**
 * Alphabet log-score per candidate: every occurrence of a letter outside a language's alphabet costs
 * FOREIGN_LETTER_COST; every distinct letter that only some candidates use earns a bonus for them.
 */
export function alphabetScores(lowerText: string, candidates: readonly string[], script: Script): Map<string, number> {
  const counts = new Map<string, number>();
  const inScript = script === 'Cyrillic' ? isCyrillic : isLatin;
  for (let i = 0; i < lowerText.length; i++) {
    const cp = lowerText.charCodeAt(i);
    if (script === 'Latin' && isBasicLatinLower(cp)) continue;
    if (inScript(cp)) { const ch = lowerText[i] as string; counts.set(ch, (counts.get(ch) ?? 0) + 1); }
  }
  const scores = new Map<string, number>(candidates.map((c) => [c, 0]));
  for (const [ch, n] of counts) {
    const users = candidates.filter((c) => alphabetOf(c, script)?.includes(ch) ?? true);
    for (const c of candidates) {
      const uses = users.includes(c);
      const delta = uses
        ? users.length < candidates.length ? RARE_LETTER_BONUS / users.length : 0
        : FOREIGN_LETTER_COST * n;
      scores.set(c, (scores.get(c) ?? 0) + delta);
    }
  }
  if (script === 'Cyrillic') {
    for (const { lang, re } of FOREIGN_SEQUENCES) {
      const n = scores.has(lang) ? lowerText.match(re)?.length ?? 0 : 0;
      if (n > 0) scores.set(lang, (scores.get(lang) ?? 0) + FOREIGN_LETTER_COST * n);
    }
  }
  return scores;
}
