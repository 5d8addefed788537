/**
 * zod schema for config/narratives.yaml: the known narratives, each with its sub-claims, and each
 * claim with the groups of words that must stand in one sentence for the claim to be carried there.
 * Forms are written as in the watchlist (Russian and Ukrainian forms are declined, a trailing `*` makes
 * a stem), so a claim matches every inflected form.
 */
import { z } from 'zod';
import { checkUniqueIds, KEBAB_ID_RE, kebabId } from '../settings/fields.js';

const LANG_RE = /^[a-z]{2,3}$/;

/** Forms per language (ISO 639-1 → forms). */
const FormsSchema = z.record(z.string().regex(LANG_RE, 'must be an ISO 639-1 code'), z.array(z.string().min(1)).min(1));

/** One group of a claim: any of its forms, or a mention of any of its watchlist entries. */
export const GroupSchema = z.object({
  /** Words and phrases per language. Default: none (then `entities` must be given). */
  forms: FormsSchema.default({}),
  /** Watchlist entry ids whose mentions count for this group. Default: []. */
  entities: z.array(z.string().regex(KEBAB_ID_RE)).default([]),
}).strict().refine((g) => Object.keys(g.forms).length > 0 || g.entities.length > 0, { message: 'a group needs forms or entities' });

export const ClaimSchema = z.object({
  /** Stable id within the narrative. */
  id: kebabId,
  /** The claim in a few words (shown as evidence). */
  text: z.string().min(1),
  /** Groups that must all stand in one sentence. */
  all: z.array(GroupSchema).min(1),
  /** Groups none of which may stand in that sentence (a debunk, a different subject). Default: []. */
  not: z.array(GroupSchema).default([]),
  /**
   * The sentence must be quoted or attributed (quotation marks, or a cue such as "said", «заявил»,
   * «за словами»): for claims whose words a neutral report could use in its own voice. Default: false.
   */
  attributed: z.boolean().default(false),
}).strict();

export const NarrativeSchema = z.object({
  id: kebabId,
  /** Display names: en, ru, uk. */
  names: z.record(z.string().regex(LANG_RE), z.string().min(1)).refine((n) => n.en !== undefined, { message: 'needs an English name (en)' }),
  description: z.string().min(1),
  claims: z.array(ClaimSchema).min(1),
}).strict();

export const NarrativesSchema = z.object({
  /** Format version. Default: 1. */
  version: z.literal(1).default(1),
  /** Attribution cues per language (forms as above). Default: none. */
  cues: FormsSchema.default({}),
  /** Free space for YAML anchors shared by claims (`x-groups: { ukraine: &ukraine ... }`); not read. */
  'x-groups': z.unknown().optional(),
  /** The narratives. Default: [] (a config folder without narratives.yaml has none). */
  narratives: z.array(NarrativeSchema).default([]),
}).strict().superRefine((n, ctx) => {
  checkUniqueIds(n.narratives, ctx, ['narratives']);
  n.narratives.forEach((narrative, i) => checkUniqueIds(narrative.claims, ctx, ['narratives', i, 'claims'], (id) => `duplicate claim id '${id}'`));
});

export type NarrativeGroup = z.infer<typeof GroupSchema>;
export type NarrativeClaim = z.infer<typeof ClaimSchema>;
export type Narrative = z.infer<typeof NarrativeSchema>;
export type NarrativesConfig = z.infer<typeof NarrativesSchema>;
