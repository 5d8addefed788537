import { describe, expect, it } from 'vitest';
import { tagText } from '../../src/tagging/index.js';
import { compiled, entities, surfaces } from './helpers.js';

/** [entity, sentence, expected surface] — every case of every name, written for these tests. */
const MATCHES: Array<[string, string, string]> = [
  // Russian: Пушилин in every case
  ['pushilin', 'Вчера Пушилин выступил с обращением.', 'Пушилин'],
  ['pushilin', 'Заявление Пушилина появилось утром.', 'Пушилина'],
  ['pushilin', 'Журналисты написали Пушилину письмо.', 'Пушилину'],
  ['pushilin', 'Указ подписан Пушилиным в пятницу.', 'Пушилиным'],
  ['pushilin', 'В сюжете о Пушилине ничего нового.', 'Пушилине'],
  ['pushilin', 'Глава ДНР Денис Пушилин объявил эвакуацию.', 'Денис Пушилин'],
  ['pushilin', 'Встреча с Денисом Пушилиным отменена.', 'Денисом Пушилиным'],
  // Ukrainian: Пушилін in every case
  ['pushilin', 'Сьогодні Пушилін оголосив евакуацію.', 'Пушилін'],
  ['pushilin', 'Заява Пушиліна з’явилася вранці.', 'Пушиліна'],
  ['pushilin', 'Журналісти написали Пушиліну листа.', 'Пушиліну'],
  ['pushilin', 'Наказ підписаний Пушиліним у п’ятницю.', 'Пушиліним'],
  ['pushilin', 'У сюжеті про Пушиліні нічого нового.', 'Пушиліні'],
  // Pasechnik, Zelensky, Putin, Peskov, Kuleba, Lavrov in ru/uk/en
  ['pasechnik', 'Леонид Пасечник подписал указ.', 'Леонид Пасечник'],
  ['pasechnik', 'Указ подписан Пасечником.', 'Пасечником'],
  ['pasechnik', 'Рішення Пасічника оскаржили.', 'Пасічника'],
  ['pasechnik', 'Leonid Pasichnyk signed the order.', 'Leonid Pasichnyk'],
  ['zelensky', 'Выступление Зеленского транслировали все каналы.', 'Зеленского'],
  ['zelensky', 'Звернення Володимира Зеленського транслювали всі канали.', 'Володимира Зеленського'],
  ['zelensky', 'President Zelenskyy spoke on Friday.', 'Zelenskyy'],
  ['zelensky', 'President Zelenskii spoke on Friday.', 'Zelenskii'],
  ['zelensky', 'Zelensky’s office denied it.', 'Zelensky'],
  ['zelensky', 'Präsident Selenskyj sprach am Freitag.', 'Selenskyj'],
  ['zelensky', 'Prezydent Zełenski przemawiał w piątek.', 'Zełenski'],
  ['lavrov', 'Außenminister Lawrow traf seinen Amtskollegen.', 'Lawrow'],
  ['putin', 'Встреча с Путиным прошла в Сочи.', 'Путиным'],
  ['putin', 'Заява Путіна пролунала ввечері.', 'Путіна'],
  ['putin', "Putin's speech was short.", 'Putin'],
  ['putin', 'It was Vladimir\nPutin who spoke.', 'Vladimir\nPutin'],
  ['putin', 'It was Vladimir   Putin who spoke.', 'Vladimir   Putin'],
  ['peskov', 'Об этом сообщил Дмитрий Песков.', 'Дмитрий Песков'],
  ['peskov', 'Слова Пескова процитировали агентства.', 'Пескова'],
  ['peskov', 'Про це заявив Пєсков.', 'Пєсков'],
  ['kuleba', 'Министр Кулеба прибыл в Брюссель.', 'Кулеба'],
  ['kuleba', 'Зустріч із Кулебою перенесли.', 'Кулебою'],
  ['lavrov', 'Переговоры с Лавровым продолжатся.', 'Лавровым'],
  ['lavrov', 'Sergei Lavrov met his counterpart.', 'Sergei Lavrov'],
  // organisations, abbreviations, possessives, hyphenated forms
  ['dpr', 'Власти Донецкой народной республики заявили об этом.', 'Донецкой народной республики'],
  ['dpr', 'Влада Донецької народної республіки заявила про це.', 'Донецької народної республіки'],
  ['dpr', "The DPR's leader spoke.", 'DPR'],
  ['dpr', 'Глава ДНР выступил.', 'ДНР'],
  ['dpr', 'The so-called Donetsk People’s Republic said so.', 'Donetsk People’s Republic'],
  ['lpr', 'Лидер ЛНР выступил.', 'ЛНР'],
  ['dpr', 'The ДНР’s statement.', 'ДНР'],
  ['dpr', 'В Донецкой Народной Республике объявили мобилизацию.', 'Донецкой Народной Республике'],
  ['dpr', 'У Донецькій народній республіці оголосили мобілізацію.', 'Донецькій народній республіці'],
  ['dpr', 'the Donetsk\nPeople’s Republic', 'Donetsk\nPeople’s Republic'],
  ['dpr', 'Self-styled Donetsk People’s-Republic', 'Donetsk People’s-Republic'],
  ['lpr', 'The Lugansk People’s Republic said so.', 'Lugansk People’s Republic'],
  ['lpr', 'Власти Луганской народной республики сообщили.', 'Луганской народной республики'],
  ['kremlin', 'Об этом сообщили в Кремле.', 'Кремле'],
  ['kremlin', 'Представитель Кремля отказался комментировать.', 'Кремля'],
  ['kremlin', 'A pro-Kremlin blogger wrote it.', 'Kremlin'],
  ['kremlin', 'Об этом сообщил кремлёвский источник.', 'кремлёвский'],
  ['kremlin', 'Кремлівські пропагандисти поширили фейк.', 'Кремлівські'],
  ['donbas', 'Ситуация в Донбассе обострилась.', 'Донбассе'],
  ['donbas', 'Ситуація на Донбасі загострилася.', 'Донбасі'],
  ['donbas', 'Fighting in the Donbass region.', 'Donbass'],
  ['kharkiv', 'Вибухи у Харкові чули вночі.', 'Харкові'],
  // keyword groups in every form
  ['evacuation', 'Началась эвакуация жителей.', 'эвакуация'],
  ['evacuation', 'Жителей эвакуируют в Ростов.', 'эвакуируют'],
  ['evacuation', 'Почалася евакуація мешканців.', 'евакуація'],
  ['evacuation', 'Мешканців евакуюють автобусами.', 'евакуюють'],
  ['false-flag', 'Это была операция под ложным флагом.', 'ложным флагом'],
  ['false-flag', 'Это была инсценировка.', 'инсценировка'],
  ['false-flag', 'Це була провокація під чужим прапором.', 'чужим прапором'],
  ['false-flag', 'They warned of a false flag operation.', 'false flag'],
  ['offensive', 'Армия готовит наступление.', 'наступление'],
  ['offensive', 'Армія готує наступ на місто.', 'наступ'],
  ['offensive', 'Загроза вторгнення зростає.', 'вторгнення'],
  ['offensive', 'A full-scale invasion began.', 'invasion'],
  ['shelling', 'Ночью начался обстрел.', 'обстрел'],
  ['minsk-agreements', 'Стороны обсудили выполнение Минских соглашений.', 'Минских соглашений'],
  ['minsk-agreements', 'Сторони обговорили виконання Мінських угод.', 'Мінських угод'],
  ['genocide', 'Он заявил о геноциде.', 'геноциде'],
  ['putin', 'Критики путинского режима уехали.', 'путинского'],
  ['putin', 'Путінська пропаганда не змінилася.', 'Путінська'],
  ['dpr', 'Так звані ЛДНР провели «референдум».', 'ЛДНР'],
  ['lpr', 'Так звані ЛДНР провели «референдум».', 'ЛДНР'],
  ['kremlin', 'The Kremlin in Moscow said so.', 'Kremlin'],
  ['kremlin', 'Кремль Путина молчит.', 'Кремль'],
];

/** [entity, text] pairs that must NOT match: common words that collide with names. */
const NO_MATCH: Array<[string, string]> = [
  ['peskov', 'Горсть песков пустыни лежала на столе.'],
  ['pasechnik', 'Старый пасечник продавал мёд у дороги.'],
  ['pasechnik', 'Досвідчений пасічник доглядав вулики.'],
  ['kremlin', 'Туристы осмотрели Казанский кремль.'],
  ['kremlin', 'Туристы осмотрели Казанский Кремль.'],
  ['kremlin', 'Древний кремль Ростова отреставрировали.'],
  ['kremlin', 'Экскурсия по Новгородскому кремлю.'],
  ['kremlin', 'The Kazan Kremlin is a World Heritage Site.'],
  ['kremlin', 'Кремль Нижнего Новгорода открыт для туристов.'],
  ['kremlin', 'The Kremlin of Kazan draws many tourists.'],
  ['putin', 'Началась путина, рыбаки вышли в море.'],
  ['putin', 'Рыбаки ждут, когда начнётся путина.'],
  ['zelensky', 'Мы свернули на Зелёную улицу, потом на Зелёная улица 5.'],
  ['zelensky', 'Зеленая улица для экспорта.'],
  ['kuleba', 'Ukraine’s foreign minister denied having plans to attack.'],
  ['offensive', 'Наступний крок уряду.'],
  ['evacuation', 'Evans went home.'],
];

describe('tagText: names in every case, language and spelling', () => {
  it.each(MATCHES)('%s in %j', (entity, text, surface) => {
    expect(surfaces(text, entity)).toContain(surface);
  });
});

describe('tagText: common-word collisions do not match', () => {
  it.each(NO_MATCH)('%s not in %j', (entity, text) => {
    expect(entities(text)).not.toContain(entity);
  });
});

describe('tagText: a name that is also a common word, opening a sentence', () => {
  const NOT_THE_NAME: Array<[string, string]> = [
    ['pasechnik', 'Пасечник собирал мёд на пасеке до самой осени.'],
    ['pasechnik', 'Дождь прошёл. Пасечника ужалила пчела.'],
    ['pasechnik', 'Пасічник доглядав бджіл біля хати.'],
    ['putin', '«Путина в этом году выдалась богатой», — говорят рыбаки.'],
  ];
  it.each(NOT_THE_NAME)('%s not in %j', (entity, text) => {
    expect(entities(text)).not.toContain(entity);
  });

  const THE_NAME: Array<[string, string, string]> = [
    ['another person, organisation or place in the sentence', 'Пасечник объявил эвакуацию жителей ЛНР.', 'Пасечник'],
    ['named elsewhere in the text', 'Глава республики Леонид Пасечник выступил утром. Пасечник призвал к спокойствию.', 'Пасечник'],
    ['after an initial, not a sentence end', 'Указ подписал Л. Пасечник.', 'Пасечник'],
    ['inside a sentence', 'Вчера Пасечник призвал к спокойствию.', 'Пасечник'],
    ['a form that is no common word', 'Путин заявил об этом утром.', 'Путин'],
    ['Путина opening a sentence about him', 'Путина поддержали власти Донецкой народной республики.', 'Путина'],
  ];
  it.each(THE_NAME)('counts it when %s', (_why, text, surface) => {
    expect(surfaces(text, surface.startsWith('Пут') ? 'putin' : 'pasechnik')).toContain(surface);
  });
});

describe('tagText: normalisation keeps offsets into the original text', () => {
  const CASES: Array<[string, string, string]> = [
    ['ё folded', 'Ещё раз о Пушилине.', 'Пушилине'],
    ['Latin y inside a Cyrillic word', 'Заявил П\u0079тин вчера.', 'П\u0079тин'],
    ['Latin e inside a Cyrillic word', 'Позиция П\u0065скова ясна.', 'П\u0065скова'],
    ['Cyrillic е inside a Latin word', 'The Kr\u0435mlin said so.', 'Kr\u0435mlin'],
    ['soft hyphen inside a word', 'Слова Пу\u00adшилина.', 'Пу\u00adшилина'],
    ['Ukrainian apostrophe variants', 'П’ять заяв Пушиліна.', 'Пушиліна'],
    ['dash variants in hyphenated forms', 'A false–flag operation.', 'false–flag'],
  ];
  it.each(CASES)('%s', (_label, text, surface) => {
    const found = tagText(text, compiled);
    const m = found.find((x) => x.text === surface);
    expect(m, JSON.stringify(found)).toBeDefined();
    expect(text.slice(m!.start, m!.end)).toBe(surface);
  });

  it('every mention is text.slice(start, end), sorted by start', () => {
    const text = 'Глава ДНР Денис Пушилин и глава ЛНР Леонид Пасечник объявили эвакуацию в Россию. Путин молчит.';
    const ms = tagText(text, compiled);
    expect(ms.map((m) => m.entity)).toEqual(['dpr', 'pushilin', 'lpr', 'pasechnik', 'evacuation', 'putin']);
    for (const m of ms) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(ms.map((m) => m.start)).toEqual([...ms.map((m) => m.start)].sort((a, b) => a - b));
  });

  it.each(['', '   ', '...!!!', '🙂🙂', '\u00ad\u200b'])('copes with text without words: %j', (text) => {
    expect(tagText(text, compiled)).toEqual([]);
  });

  it('uses UTF-16 offsets past astral characters', () => {
    const text = '🇺🇦🇷🇺 Пушилин';
    const [m] = tagText(text, compiled);
    expect(m).toMatchObject({ entity: 'pushilin', start: 9, end: 16, text: 'Пушилин' });
  });
});
