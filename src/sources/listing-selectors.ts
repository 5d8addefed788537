/**
 * Writing selectors for what discovery found, so an operator can confirm them and pin them in
 * feeds.yaml: the shortest `items` selector that picks exactly the discovered blocks, and the `link`,
 * `itemTitle` and `date` selectors (relative to an item) that read the same links, headlines and dates.
 */
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Document, Element } from '../extract/dom.js';
import { isElement } from '../extract/dom.js';
import { stableClasses, type LinkGroup } from './listing-discover.js';

const HEADING = /^h[1-5]$/;
const DATE_CLASS = /date|time/i;

export interface ListingSelectors {
  items: string;
  link?: string;
  itemTitle?: string;
  date?: string;
}

function simple(el: Element): string {
  return [el.name, ...stableClasses(el)].join('.');
}

function nearestId(el: Element): string | null {
  for (let node = el.parent; node && isElement(node); node = node.parent) {
    const id = node.attribs.id;
    if (id && /^[A-Za-z][\w-]*$/.test(id) && !/\d{3,}/.test(id)) return `#${id}`;
  }
  return null;
}

/** Candidate `items` selectors for a group: ones naming a class or an id first, a bare tag last. */
function itemCandidates(item: Element): string[] {
  const own = simple(item);
  const parentEl = item.parent && isElement(item.parent) ? item.parent : null;
  const parent = parentEl ? simple(parentEl) : null;
  const grand = parentEl?.parent && isElement(parentEl.parent) ? simple(parentEl.parent) : null;
  const id = nearestId(item);
  const out: string[] = [];
  if (own.includes('.')) out.push(own);
  if (parent?.includes('.')) out.push(`${parent} > ${own}`);
  if (id) out.push(`${id} ${own}`);
  if (grand?.includes('.') && parent) out.push(`${grand} > ${parent} > ${own}`);
  if (id && parent) out.push(`${id} ${parent} > ${own}`);
  out.push(own);
  return [...new Set(out)];
}

function sameSet(a: Element[], b: Element[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((el) => set.has(el));
}

/** The shortest selector matching exactly the group's items; else the narrowest that matches them all. */
function itemsSelector(doc: Document, group: LinkGroup): string {
  const candidates = itemCandidates(group.items[0]!);
  let fallback = candidates[candidates.length - 1]!;
  let fewest = Infinity;
  for (const selector of candidates) {
    const matched = selectAll<AnyNode, Element>(selector, doc);
    if (sameSet(matched, group.items)) return selector;
    const coversAll = group.items.every((el) => matched.includes(el));
    if (coversAll && matched.length < fewest) {
      fewest = matched.length;
      fallback = selector;
    }
  }
  return fallback;
}

/** A selector, relative to an item, for one element inside it: its tag.class, or the parent's above it. */
function relative(item: Element, target: Element): string {
  const own = simple(target);
  if (selectOne(own, item.children) === target) return own;
  const parent = target.parent && isElement(target.parent) && target.parent !== item ? `${simple(target.parent)} ${own}` : null;
  return parent && selectOne(parent, item.children) === target ? parent : own;
}

/** Applies the same sub-selector to each item; true when it finds, in every item, what `pick` says. */
function holdsForAll(selector: string, group: LinkGroup, pick: (item: Element, i: number) => Element | null): boolean {
  return group.items.every((item, i) => {
    const want = pick(item, i);
    return want === null || selectOne(selector, item.children) === want;
  });
}

/** The first element under root (document order) that passes the test. */
function firstWhere(root: Element, test: (el: Element) => boolean): Element | null {
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (test(node)) return node;
    stack.push(...[...node.children].reverse());
  }
  return null;
}

/** Selectors for the first (best) group; further groups only widen `items`. */
export function selectorsFor(doc: Document, groups: LinkGroup[]): ListingSelectors | null {
  const best = groups[0];
  if (!best) return null;
  const items = [...new Set(groups.map((g) => itemsSelector(doc, g)))].join(', ');
  const out: ListingSelectors = { items };
  const sample = best.items[0]!;
  const anchor = best.anchors[0]!;
  if (anchor !== sample && selectOne('a[href]', sample.children) !== anchor) {
    const link = relative(sample, anchor);
    if (holdsForAll(link, best, (_, i) => best.anchors[i]!)) out.link = link;
  }
  const heading = firstWhere(sample, (el) => HEADING.test(el.name));
  if (heading) {
    const itemTitle = relative(sample, heading);
    if (holdsForAll(itemTitle, best, (item) => firstWhere(item, (el) => HEADING.test(el.name)))) out.itemTitle = itemTitle;
  }
  const date = firstWhere(sample, (el) => el.name === 'time' || DATE_CLASS.test(el.attribs.class ?? ''));
  if (date) {
    const selector = date.name === 'time' ? 'time' : relative(sample, date);
    if (holdsForAll(selector, best, (item) => firstWhere(item, (el) => el.name === 'time' || DATE_CLASS.test(el.attribs.class ?? '')))) out.date = selector;
  }
  return out;
}
