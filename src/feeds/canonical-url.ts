/**
 * Canonical article URLs for the stable article key: the same article reached through a newsletter, a
 * social share or an RSS click must give the same key.
 */

/** Query parameters that only track the visitor; removed from canonical URLs. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'ysclid', 'twclid', 'ttclid', 'li_fat_id',
  '_openstat', 'mc_cid', 'mc_eid', 'ref', 'ref_src', 'ref_url', 'igshid', 'igsh', 'si',
  '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', 'mkt_tok', 'oly_anon_id', 'oly_enc_id',
  'rb_clickid', 's_cid', 'vero_id', 'vero_conv', 'wickedid', '__twitter_impression', 'cmpid', 'ito',
  'ncid', 'sr_share', 'at_medium', 'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4',
  'xtor', 'ocid', 'spm', 'smid', 'mbid', 'cvid',
]);
/** Parameter name prefixes that only track the visitor (utm_source, utm_medium, pk_campaign...). */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hmb_', 'ga_', 'fb_action_', 'fb_ref', 'fb_source'];
const HTTP_SCHEME_RE = /^https?:$/;

/**
 * Canonical form of an http(s) URL: lower-case scheme and host (WHATWG URL parsing), default port,
 * fragment and tracking parameters dropped, remaining parameters sorted by name (stable for repeated
 * names), no trailing `?`. Returns null for unparseable and non-http(s) URLs.
 */
export function canonicalUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (!HTTP_SCHEME_RE.test(u.protocol)) return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.slice(0, -1);
  // Work on the raw `name=value` segments so kept parameters keep their exact encoding.
  const kept = u.search
    .slice(1)
    .split('&')
    .filter((seg) => seg !== '' && !isTrackingParam(paramName(seg)))
    .map((seg, i) => ({ seg, name: paramName(seg), i }));
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i));
  u.search = kept.map((k) => k.seg).join('&');
  return u.href;
}

function paramName(segment: string): string {
  const raw = segment.split('=', 1)[0]!;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}
