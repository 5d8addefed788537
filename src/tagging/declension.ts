/**
 * Generated declension for Russian and Ukrainian watchlist forms: a form's case (and plural) forms
 * are derived from its ending, so the watchlist lists «Пушилин» and matches «Пушилиным».
 *
 * A class maps an ending to eleven slots: nominative, genitive, dative, accusative, instrumental,
 * locative (singular), then nominative, genitive, dative, instrumental, locative (plural). Words of a
 * multiword form are declined in step, slot by slot («Донецкая народная республика» → «Донецкой
 * народной республики»): non-final words of a multiword form are read as agreeing adjectives.
 */

/** The role a word plays, which picks its declension class. */
export type WordRole = 'surname' | 'name' | 'noun' | 'adjective';

interface DeclensionClass {
  /** Tested against the lower-cased word. */
  test: RegExp;
  /** Characters cut from the end before an ending is added. */
  cut: number;
  /** Endings per slot (several variants allowed; an empty slot has no form). */
  slots: string[][];
}

const S = (spec: string): string[][] => spec.split(',').map((slot) => (slot === '-' ? [] : slot.split('/').map((e) => (e === '0' ? '' : e))));

/** Russian classes, first match wins; keyed by role. */
const RU: Readonly<Record<WordRole, DeclensionClass[]>> = {
  surname: [
    { test: /(ск|цк)ий$/, cut: 2, slots: S('ий,ого,ому,ого,им,ом,ие,их,им,ими,их') },
    { test: /(ин|ын|ов|ев|ёв)$/, cut: 0, slots: S('0,а,у,а,ым,е,ы,ых,ым,ыми,ых') },
  ],
  adjective: [
    { test: /[гкхжшчщ]ий$/, cut: 2, slots: S('ий,ого,ому,ого,им,ом,ие,их,им,ими,их') },
    { test: /(ый|ой)$/, cut: 2, slots: S('ый/ой,ого,ому,ого,ым,ом,ые,ых,ым,ыми,ых') },
    { test: /ний$/, cut: 2, slots: S('ий,его,ему,его,им,ем,ие,их,им,ими,их') },
    { test: /[гкхжшчщ]ая$/, cut: 2, slots: S('ая,ой,ой,ую,ой/ою,ой,ие,их,им,ими,их') },
    { test: /ая$/, cut: 2, slots: S('ая,ой,ой,ую,ой/ою,ой,ые,ых,ым,ыми,ых') },
    { test: /яя$/, cut: 2, slots: S('яя,ей,ей,юю,ей/ею,ей,ие,их,им,ими,их') },
    { test: /ое$/, cut: 2, slots: S('ое,ого,ому,ое,ым,ом,-,-,-,-,-') },
    { test: /ые$/, cut: 2, slots: S('ые,ых,ым,ые,ыми,ых,-,-,-,-,-') },
    { test: /ие$/, cut: 2, slots: S('ие,их,им,ие,ими,их,-,-,-,-,-') },
  ],
  noun: [
    { test: /ия$/, cut: 2, slots: S('ия,ии,ии,ию,ией,ии,ии,ий,иям,иями,иях') },
    { test: /ий$/, cut: 2, slots: S('ий,ия,ию,ия/ий,ием,ии,ии,иев,иям,иями,иях') },
    { test: /[гкхжшчщ]а$/, cut: 1, slots: S('а,и,е,у,ой/ою,е,и,0,ам,ами,ах') },
    { test: /[жшчщц]$/, cut: 0, slots: S('0,а,у,0/а,ем/ом,е,и,ей,ам,ами,ах') },
    { test: /а$/, cut: 1, slots: S('а,ы,е,у,ой/ою,е,ы,0,ам,ами,ах') },
    { test: /я$/, cut: 1, slots: S('я,и,е,ю,ей/ею,е,и,ь,ям,ями,ях') },
    { test: /ь$/, cut: 1, slots: S('ь,я,ю,ь/я,ем,е,и,ей,ям,ями,ях') },
    { test: /й$/, cut: 1, slots: S('й,я,ю,й/я,ем,е,и,ев,ям,ями,ях') },
    { test: /о$/, cut: 1, slots: S('о,а,у,о,ом,е,а,0,ам,ами,ах') },
    { test: /[бвгдзклмнпрстфх]$/, cut: 0, slots: S('0,а,у,0/а,ом,е,ы/и,ов,ам,ами,ах') },
  ],
  name: [],
};

/** Ukrainian classes, first match wins; keyed by role. */
const UK: Readonly<Record<WordRole, DeclensionClass[]>> = {
  surname: [
    { test: /(ськ|цьк)ий$/, cut: 2, slots: S('ий,ого,ому,ого,им,ому/ім,і,их,им,ими,их') },
    { test: /(ін|ин|ов|ев|єв|їн)$/, cut: 0, slots: S('0,а,у/ові,а,им,і/ові,и,их,им,ими,их') },
  ],
  adjective: [
    { test: /ий$/, cut: 2, slots: S('ий,ого,ому,ого,им,ому/ім,і,их,им,ими,их') },
    { test: /ій$/, cut: 2, slots: S('ій,ього,ьому,ього,ім,ьому/ім,і,іх,ім,іми,іх') },
    { test: /а$/, cut: 1, slots: S('а,ої,ій,у,ою,ій,і,их,им,ими,их') },
    { test: /е$/, cut: 1, slots: S('е,ого,ому,е,им,ому/ім,-,-,-,-,-') },
    { test: /і$/, cut: 1, slots: S('і,их,им,і,ими,их,-,-,-,-,-') },
  ],
  noun: [
    { test: /ія$/, cut: 2, slots: S('ія,ії,ії,ію,ією,ії,ії,ій,іям,іями,іях') },
    { test: /ій$/, cut: 2, slots: S('ій,ія,ію,ія/ій,ієм,ії/ію,ії,іїв,іям,іями,іях') },
    { test: /[жчшщ]а$/, cut: 1, slots: S('а,і,і,у,ею/ою,і,і,0,ам,ами,ах') },
    // к/г/х soften to ц/з/с before the dative-locative «і» (республіка → республіці)
    { test: /ка$/, cut: 2, slots: S('ка,ки,ці,ку,кою,ці,ки,к,кам,ками,ках') },
    { test: /га$/, cut: 2, slots: S('га,ги,зі,гу,гою,зі,ги,г,гам,гами,гах') },
    { test: /ха$/, cut: 2, slots: S('ха,хи,сі,ху,хою,сі,хи,х,хам,хами,хах') },
    { test: /а$/, cut: 1, slots: S('а,и,і,у,ою,і,и,0,ам,ами,ах') },
    { test: /я$/, cut: 1, slots: S('я,і,і,ю,ею,і,і,ь,ям,ями,ях') },
    { test: /ь$/, cut: 1, slots: S('ь,я,ю,ь/я,ем,і,і,ів,ям,ями,ях') },
    { test: /й$/, cut: 1, slots: S('й,я,ю,й/я,єм,ї/ю,ї,їв,ям,ями,ях') },
    { test: /о$/, cut: 1, slots: S('о,а,у/ові,о/а,ом,і/ові,а,0,ам,ами,ах') },
    { test: /[жчшщ]$/, cut: 0, slots: S('0,а,у/еві,0/а,ем,і/у/еві,і,ів,ам,ами,ах') },
    { test: /[кгх]$/, cut: 0, slots: S('0,а/у,у/ові,0/а,ом,у/ові/і,и,ів,ам,ами,ах') },
    { test: /[бвґдзлмнпрстфц]$/, cut: 0, slots: S('0,а/у,у/ові,0/а,ом,і/у/ові,и,ів,ам,ами,ах') },
  ],
  name: [],
};

const TABLES = { ru: RU, uk: UK } as const;
const SLOT_COUNT = 11;
/** Ukrainian і/ї → о/є in the closed last syllable of a masculine noun (Харків → Харкова). */
const UK_ALTERNATION_RE = /([ії])(в)$/;

/** The slots of one word (null when the word does not decline: abbreviations, short function words). */
function declineWord(word: string, role: WordRole, lang: 'ru' | 'uk'): string[][] | null {
  const lower = word.toLowerCase();
  if (word.length < 3 || word === word.toUpperCase() || /\d/.test(word)) return null;
  const table = TABLES[lang];
  const classes = role === 'name' ? table.noun : role === 'surname' ? [...table.surname, ...table.noun] : table[role];
  const cls = classes.find((c) => c.test.test(lower));
  if (cls === undefined) return null;
  const stem = word.slice(0, word.length - cls.cut);
  const oblique = lang === 'uk' && role !== 'surname' && cls.cut === 0 ? stem.replace(UK_ALTERNATION_RE, (_m, v: string, c: string) => (v === 'ї' ? 'є' : 'о') + c) : stem;
  return cls.slots.map((endings, slot) => endings.map((e) => (slot === 0 || e === '' ? stem : oblique) + e));
}

/** The role of each word of a form: non-final words agree as adjectives (or are first names for persons). */
function rolesOf(words: string[], person: boolean): WordRole[] {
  return words.map((w, i) => {
    const last = i === words.length - 1;
    if (person) return last ? 'surname' : 'name';
    if (!last && /[\p{Ll}\p{Lu}]+(ый|ий|ой|ая|яя|ое|ые|ие|ій|а|е|і)$/iu.test(w)) return 'adjective';
    return 'noun';
  });
}

/**
 * All case forms of a Russian or Ukrainian form (the form itself first). `person` declines the last
 * word as a surname and the others as first names.
 */
export function declineForm(form: string, lang: 'ru' | 'uk', person: boolean): string[] {
  const words = form.split(' ');
  const roles = rolesOf(words, person);
  const declined = words.map((w, i) => declineWord(w, roles[i] ?? 'noun', lang));
  if (declined.every((d) => d === null)) return [form];
  const out = new Set<string>([form]);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    let combos: string[] = [''];
    for (let i = 0; i < words.length; i++) {
      const variants = declined[i] === null ? [words[i] ?? ''] : declined[i]?.[slot] ?? [];
      combos = combos.flatMap((prefix) => variants.map((v) => (prefix === '' ? v : `${prefix} ${v}`)));
    }
    for (const c of combos) out.add(c);
  }
  return [...out];
}
