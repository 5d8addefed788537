/**
 * Whether a body is a feed or a page, from its first bytes: for `mediamon ingest`, which is given one
 * URL or file and no config saying which it is (the poll stage knows from feeds.yaml: `url:` or `page:`).
 */

/** A feed's Content-Type: RSS, Atom, JSON Feed or plain XML. */
const FEED_TYPE = /(rss|atom|feed\+json|\/xml)/i;
/** An RSS, Atom or RDF root element, after an optional XML declaration and comments. */
const XML_FEED_START = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/i;
/** A JSON Feed's version URL. */
const JSON_FEED_START = /^\s*\{[\s\S]*"version"\s*:\s*"https:\/\/jsonfeed\.org/;
/** How much of the body is looked at: a feed says what it is in its first lines. */
const SNIFF_BYTES = 2048;

/** Whether a (decompressed) body is a feed: by its Content-Type when it has one that says so, else by its start. */
export function looksLikeFeed(bytes: Uint8Array, contentType: string | null): boolean {
  if (contentType && FEED_TYPE.test(contentType)) return true;
  // Latin-1 reads any bytes; a UTF-8 BOM read so is "ï»¿".
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1').replace(/^\uFEFF|^ï»¿/, '');
  return XML_FEED_START.test(head) || JSON_FEED_START.test(head);
}
