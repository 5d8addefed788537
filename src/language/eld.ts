/**
 * Nito-ELD (the `eld` package, Apache-2.0) as a third statistical opinion: byte n-gram weights learnt
 * from far more text than mediamon's own profiles, strong exactly where those are weak (two-word
 * Bulgarian, Serbian and Russian phrases). The extra-small database (33 MB of heap, 0.2 s to load)
 * measured within a point of the large one (156 MB, 1.2 s) on langid-dev. ELD knows neither Macedonian
 * nor Kazakh; for those it stays neutral and the other evidence decides.
 */
import { eld } from 'eld/extrasmall';

/** ELD's "handpicked" scale: a score s is r / (r + SCALE) for a mean n-gram weight r. */
const ELD_SCALE = 25;

/**
 * ELD's mean n-gram weight per language for `text` (higher is likelier); languages ELD knows but saw
 * no n-gram of are absent. The global ELD instance is used without a language subset, so its state is
 * never changed.
 */
export function eldWeights(text: string): Map<string, number> {
  const scores = eld.detect(text).getScores();
  const weights = new Map<string, number>();
  for (const [lang, s] of Object.entries(scores)) if (s > 0 && s < 1) weights.set(lang, (ELD_SCALE * s) / (1 - s));
  return weights;
}

/** ISO 639-1 codes ELD can tell apart. */
export const ELD_LANGUAGES: ReadonlySet<string> = new Set(Object.values(eld.info().Languages));
