/**
 * Element and attribute names written in another case than the vocabularies define: old podcast
 * tools and Microsoft's Channel Definition Format write `<RSS>`, `<ITEM>`, `<TITLE>`, `<PUBDATE>`,
 * `HREF=`. XML names are case-sensitive, so a strict reader finds nothing; a person's feed reader reads
 * them, and so does mediamon: a name of a known vocabulary (plain RSS, Atom, iTunes, CDF) that
 * differs from its canonical spelling only by case is read as that spelling.
 */

/** Canonical names per vocabulary prefix ('' = plain RSS / RSS 1.0 / CDF), keyed by their lower case. */
const CANONICAL: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  '': byLower([
    'rss', 'channel', 'item', 'title', 'link', 'description', 'language', 'copyright', 'managingEditor', 'webMaster',
    'pubDate', 'lastBuildDate', 'category', 'generator', 'docs', 'cloud', 'ttl', 'image', 'url', 'width', 'height',
    'rating', 'textInput', 'skipHours', 'skipDays', 'author', 'comments', 'enclosure', 'guid', 'source', 'items',
    // Microsoft CDF (1997)
    'abstract', 'logo', 'schedule', 'usage', 'a',
    // the root of RSS 1.0 is rdf:RDF; a bare RDF is still RDF
    'feed', 'entry', 'id', 'updated', 'published', 'summary', 'content', 'name', 'email', 'uri', 'subtitle',
  ]),
  atom: byLower([
    'feed', 'entry', 'title', 'link', 'id', 'updated', 'published', 'summary', 'content', 'author', 'name', 'email',
    'uri', 'category', 'subtitle', 'rights', 'generator', 'icon', 'logo', 'source', 'contributor', 'issued', 'modified', 'created',
  ]),
  itunes: byLower([
    'author', 'subtitle', 'summary', 'owner', 'name', 'email', 'image', 'category', 'explicit', 'duration',
    'keywords', 'block', 'complete', 'type', 'episode', 'season', 'episodeType', 'title', 'new-feed-url',
  ]),
  rdf: byLower(['RDF', 'Seq', 'li', 'about', 'resource']),
  dc: byLower(['creator', 'date', 'subject', 'description', 'title', 'language', 'rights', 'publisher']),
};

/** Attribute names the readers look up (lower-case keys are added for any other case). */
const ATTRIBUTE_CANONICAL = byLower(['href', 'url', 'type', 'length', 'version', 'isPermaLink', 'rel', 'mode', 'base', 'lastmod', 'term', 'label', 'src', 'alt']);

function byLower(names: string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n) => [n.toLowerCase(), n]));
}

/** The canonical spelling of `local` in the vocabulary `prefix`, or null when it is already canonical or unknown. */
export function recasedName(prefix: string, local: string): string | null {
  const canonical = CANONICAL[prefix]?.get(local.toLowerCase());
  return canonical !== undefined && canonical !== local ? canonical : null;
}

/** Attributes with their known names in canonical case added (`HREF` → also `href`); the same object when none. */
export function recasedAttributes(attrs: Record<string, string>): Record<string, string> {
  let out = attrs;
  for (const key in attrs) {
    const canonical = ATTRIBUTE_CANONICAL.get(key.toLowerCase());
    if (canonical === undefined || canonical === key || canonical in attrs) continue;
    if (out === attrs) out = { ...attrs };
    out[canonical] = attrs[key]!;
  }
  return out;
}
