/**
 * Collisions and forms: an abbreviation that means something else in another field (a DNR order in a
 * hospital), adjectives and spellings of names, and keyword groups that translate each other.
 */
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { compiled, entities, surfaces } from './helpers.js';
import { parallelFile, parityReport, PARITY_TARGET, readParallel } from './parity.js';

describe('DNR: do not resuscitate, or the Donetsk republic', () => {
  it.each([
    'The patient had a DNR order on file, so the team did not start CPR.',
    'Her family asked the doctors to honour a DNR order signed years earlier.',
    'Nurses must check the DNR status of every patient admitted to the ward.',
    'He signed a do-not-resuscitate (DNR) form before the operation.',
    'A DNR (do not resuscitate) order is a medical instruction.',
    'The hospital revised its DNR orders for elderly patients.',
  ])('no DPR in %j', (text) => {
    expect(entities(text)).not.toContain('dpr');
  });

  it.each([
    'A DNR commander said the shelling had stopped.',
    'The DNR orders evacuation of civilians from Donetsk.',
    'Leaders of the DNR and the LNR met in Moscow.',
  ])('the DPR in %j', (text) => {
    expect(entities(text)).toContain('dpr');
  });
});

describe('forms of names', () => {
  it('finds Putinian and Putinist, and Zelenskyj', () => {
    expect(surfaces('The speech was full of Putinian rhetoric about the Donbas.', 'putin')).toEqual(['Putinian']);
    expect(surfaces('Putinist commentators cheered.', 'putin')).toEqual(['Putinist']);
    expect(surfaces('President Volodymyr Zelenskyj addressed the parliament; Zelenskyj said more.', 'zelensky')).toEqual(['Volodymyr Zelenskyj', 'Zelenskyj']);
  });
});

describe('keyword groups translate each other', () => {
  it.each([
    ['shelling', 'Shelling resumed near Donetsk.', 'Обстрел возобновился под Донецком.', 'Обстріл поновився під Донецьком.'],
    ['shelling', 'Artillery fire was heard all night.', 'Всю ночь был слышен артиллерийский огонь.', 'Усю ніч було чути артилерійський вогонь.'],
    ['shelling', 'The bombardment destroyed the bridge.', 'Бомбардировка разрушила мост.', 'Бомбардування зруйнувало міст.'],
    ['false-flag', 'They warned of an attack under a false flag.', 'Они предупредили о нападении под чужим флагом.', 'Вони попередили про напад під чужим прапором.'],
    ['false-flag', 'Officials said the video was staged.', 'Чиновники заявили, что видео было инсценировано.', 'Посадовці заявили, що відео було інсценовано.'],
    ['false-flag', 'Moscow is looking for a pretext.', 'Москва ищет повод для вторжения.', 'Москва шукає привід для вторгнення.'],
    ['evacuation', 'Residents were evacuated overnight.', 'Жителей эвакуировали ночью.', 'Мешканців евакуювали вночі.'],
    ['offensive', 'Offensive operations began.', 'Начались наступательные операции.', 'Почалися наступальні операції.'],
    ['sabotage', 'Saboteurs blew up the line.', 'Диверсанты взорвали линию.', 'Диверсанти підірвали лінію.'],
  ])('%s: %j', (entity, en, ru, uk) => {
    for (const text of [en, ru, uk]) expect(entities(text), text).toContain(entity);
  });
});

describe('parity on the parallel set (test/fixtures/parallel)', () => {
  it(`the three versions yield the same entity set in at least ${PARITY_TARGET * 100}% of sentences`, () => {
    const report = parityReport(readParallel(parallelFile(repoRoot())), compiled);
    expect(report.rows).toHaveLength(60);
    const differing = report.rows.filter((r) => !r.same).map((r) => `${r.id}: ${JSON.stringify(r.entities)}`);
    expect(report.agreement, differing.join('\n')).toBeGreaterThanOrEqual(PARITY_TARGET);
  });
});
