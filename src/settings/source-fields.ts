/**
 * The keys a source in feeds.yaml may carry besides a feed's own: where a feedless source is read
 * from (`page:` a news listing page with optional selectors, `telegram:` a channel username), and what
 * the source is (the affiliation registry). Kept apart from schema.ts so the source kinds stay additive.
 */
import { selectAll } from 'css-select';
import { z } from 'zod';
import { TELEGRAM_USERNAME_RE, telegramPreviewUrl, telegramUsername } from './telegram-url.js';

/** Who stands behind a source, as an analyst of the war in eastern Ukraine sorts them. */
export const AFFILIATIONS = [
  'ru-state',
  'ru-independent',
  'separatist-authority',
  'separatist-media',
  'ua-government',
  'ua-media',
  'international',
  'aggregator',
  'other',
] as const;
export type Affiliation = (typeof AFFILIATIONS)[number];
export const AffiliationSchema = z.enum(AFFILIATIONS);

/** A CSS selector css-select can compile (checked when the config is loaded, not at the first poll). */
const selector = z
  .string()
  .trim()
  .min(1)
  .superRefine((value, ctx) => {
    try {
      selectAll(value, []);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a CSS selector: ${JSON.stringify(value)} (${(error as Error).message})` });
    }
  });


/** The registry: what a source is. Every key optional; `language` lives on the feed itself. */
export const registryFields = {
  /** One of AFFILIATIONS; alerts, digests, the alerts page and rules (`affiliations:`) use it. */
  affiliation: AffiliationSchema.optional(),
  /** Where the source is based (ISO 3166-1 alpha-2, e.g. RU, UA; free text allowed up to 40 chars). */
  country: z.string().trim().min(2).max(40).optional(),
  /** Who owns or runs it (a ministry, a holding, a person). */
  owner: z.string().trim().min(1).max(200).optional(),
  /** Anything an analyst should know ("unverified", "mirror of ...", "blocked in RU"). */
  notes: z.string().optional(),
};

/**
 * A listing-page source: `page` is the URL of a news listing; `items` selects each item; `link`,
 * `itemTitle` and `date` are selectors relative to an item (FreshRSS HTML+XPath / Huginn website-agent
 * style). Without `items`, mediamon discovers the article links itself.
 */
export const listingFields = {
  /** The listing page's URL (a section or "all news" page). */
  page: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^/\s]+/i.test(value) && URL.canParse(value), 'must be an http(s) URL')
    .optional(),
  /** Selector of one item on the listing page. Default: discovery. */
  items: selector.optional(),
  /** Selector of the item's link, relative to the item. Default: the item itself if it is an <a>, else its first a[href]. */
  link: selector.optional(),
  /** Selector of the item's headline, relative to the item (`title` is the source's display name). Default: the link's text. */
  itemTitle: selector.optional(),
  /** Selector of the item's date (its `datetime`/`content`/`title` attribute, else its text). Default: none. */
  date: selector.optional(),
  /** How the date is written, e.g. "DD.MM.YYYY HH:mm" or "D MMMM YYYY, HH:mm" (month names in ru/uk/en). Default: common forms. */
  dateFormat: z.string().trim().min(1).optional(),
  /** Zone of dates the page writes without an offset (IANA). Default: UTC. */
  timezone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone (e.g. Europe/Moscow)')
    .optional(),
};

/** A Telegram channel source (read by the Telegram reader): `telegram: <username>`. */
export const telegramFields = {
  telegram: z
    .string()
    .trim()
    .transform((value) => telegramUsername(value) ?? value)
    .refine((value) => TELEGRAM_USERNAME_RE.test(value), 'not a Telegram channel username (letters, digits, "_"; or @name, or a t.me link)')
    .optional(),
};

interface SourceShape {
  url?: string | undefined;
  page?: string | undefined;
  telegram?: string | undefined;
  items?: string | undefined;
  link?: string | undefined;
  itemTitle?: string | undefined;
  date?: string | undefined;
  dateFormat?: string | undefined;
}

const SELECTOR_KEYS = ['link', 'itemTitle', 'date', 'dateFormat'] as const;

/** Exactly one of url / page / telegram; listing keys only on page sources, item selectors only with `items`. */
export function checkSourceKind(source: SourceShape, ctx: z.RefinementCtx): void {
  const kinds = (['url', 'page', 'telegram'] as const).filter((k) => source[k] !== undefined);
  if (kinds.length !== 1) {
    ctx.addIssue({ code: 'custom', path: kinds.length ? [kinds[1]!] : ['url'], message: kinds.length ? `give one of url, page or telegram, not ${kinds.join(' and ')}` : 'give url (a feed), page (a listing page) or telegram (a channel)' });
    return;
  }
  if (source.page === undefined && source.items !== undefined) ctx.addIssue({ code: 'custom', path: ['items'], message: 'items is for page sources' });
  for (const key of SELECTOR_KEYS) {
    if (source[key] !== undefined && source.items === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} is relative to each item: give items too` });
    }
  }
}

/** The URL a source's state row records: the feed URL, the listing page, or the channel's preview. */
export function sourceUrl(source: SourceShape): string {
  if (source.url) return source.url;
  if (source.page) return source.page;
  return telegramPreviewUrl(source.telegram ?? '');
}
