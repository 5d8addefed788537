/**
 * Site rules shipped with mediamon. Each entry is data only (see SiteRule); add one per site whose
 * pages the generic extractor gets wrong, with a captured page under test/fixtures/pages/ proving it.
 * None ship yet: the generic extractor handles the development set, and rules for the development
 * domains would only flatter the benchmark.
 */
import type { SiteRule } from '../site-rules.js';

export const SHIPPED_RULES: readonly SiteRule[] = [];
