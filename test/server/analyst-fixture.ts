/** What the analyst-page tests add to the server fixture: an article without an alert that carries a narrative. */
import type { World } from './fixture.js';

export const CLAIM = 'Kyiv is preparing an offensive on Donbas, Pushilin said.';

export async function saveNarrativeArticle(world: World): Promise<void> {
  const text = `Quiet day. ${CLAIM}`;
  const start = text.indexOf(CLAIM);
  const at = text.indexOf('Pushilin');
  await world.rt.store.saveAnalysis({
    key: 'no-alert', feedId: 'tass', url: null, canonicalUrl: null, title: 'Offensive claim without an alert', text, author: null,
    published: '2022-02-20T09:00:00Z', lang: 'en', langConfidence: 0.9, siteName: null, method: 'generic', fetchError: null,
  }, [{ entity: 'pushilin', start: at, end: at + 8, text: 'Pushilin' }], [],
  [{ narrative: 'ukraine-aggressive', claim: 'offensive-planned', start, end: start + CLAIM.length, sentence: CLAIM }]);
}
