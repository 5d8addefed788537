/**
 * Watchlist names in a search: a query word or phrase that is one of an entry's forms (in any
 * inflected form, any language) also finds every other form the tagging engine generates for that
 * entry — `Пушилин` finds «Пушилиным», «Пушиліна» and «Pushilin»; `ДНР` finds «Donetsk People's Republic».
 */
import { declineForm } from '../tagging/declension.js';
import type { NameForm, WatchlistConfig } from '../tagging/schema.js';
import { addAlternatives, termKey, termOf, type SearchQuery, type SearchTerm } from './query.js';

/** An entry's forms as search terms, and the entries each stemmed form belongs to. */
export interface WatchlistTerms {
  byEntry: Map<string, SearchTerm[]>;
  entriesOf: Map<string, string[]>;
}

const built = new WeakMap<WatchlistConfig, WatchlistTerms>();

/** A form as a term: `Денис Пушилин` a phrase, `эвакуац*` a prefix (a `*` inside a form only ends a word). */
function formTerm(surface: string): SearchTerm | null {
  return termOf(surface.replace(/\*(?=\s)/g, ''), false);
}

function surfacesOf(form: string, lang: string, inflect: boolean, person: boolean): string[] {
  if (!inflect || form.includes('*') || (lang !== 'ru' && lang !== 'uk')) return [form];
  return declineForm(form, lang, person);
}

/** Every form of every entry as a search term (built once per watchlist snapshot). */
export function watchlistTerms(watchlist: WatchlistConfig): WatchlistTerms {
  const cached = built.get(watchlist);
  if (cached) return cached;
  const byEntry = new Map<string, SearchTerm[]>();
  const entriesOf = new Map<string, string[]>();
  for (const entry of watchlist.entries) {
    const terms: SearchTerm[] = [];
    for (const [lang, forms] of Object.entries(entry.names)) {
      for (const f of forms as NameForm[]) {
        const spec = typeof f === 'string' ? { form: f } : f;
        for (const surface of surfacesOf(spec.form, lang, spec.inflect ?? true, entry.kind === 'person')) {
          const term = formTerm(surface);
          if (term) addAlternatives(terms, [term]);
        }
      }
    }
    byEntry.set(entry.id, terms);
    for (const t of terms) {
      if (t.prefix) continue;
      const list = entriesOf.get(termKey(t)) ?? [];
      if (!list.includes(entry.id)) list.push(entry.id);
      entriesOf.set(termKey(t), list);
    }
  }
  const result = { byEntry, entriesOf };
  built.set(watchlist, result);
  return result;
}

/** The query with each clause that names a watchlist entry widened to every form of that entry. */
export function expandWithWatchlist(query: SearchQuery, watchlist: WatchlistConfig): SearchQuery {
  const { byEntry, entriesOf } = watchlistTerms(watchlist);
  const all = query.all.map((clause) => {
    const out = [...clause];
    for (const term of clause) {
      if (term.prefix) continue;
      for (const id of entriesOf.get(termKey(term)) ?? []) addAlternatives(out, byEntry.get(id) ?? []);
    }
    return out;
  });
  const none = [...query.none];
  for (const term of query.none) {
    if (term.prefix) continue;
    for (const id of entriesOf.get(termKey(term)) ?? []) addAlternatives(none, byEntry.get(id) ?? []);
  }
  return { all, none };
}
