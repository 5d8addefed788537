/**
 * /stories (the default view) and /stories/<id>, with their /api twins: one event across outlets and
 * languages (src/stories). A story shows its first report (source, affiliation, time), which outlets
 * and languages followed and how long after, and the alerts raised on its articles.
 */
import type { Config } from '../config/load.js';
import type { ArticleSummary, Store, StorySummary } from '../store/index.js';
import { shortTime } from './article-page.js';
import { affiliationChip, articleItem, BadRequest } from './articles-page.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { risingBox, type RisingNow } from './spike-marks.js';

export const STORIES_PAGE_SIZE = 25;
const MAX_PAGE = 400;
/** Followers listed per story on the list page. */
const FOLLOWERS_SHOWN = 6;
/** Members read per story for the list page, and on a story's own page. */
const MEMBERS_LISTED = 50;
const STORY_MEMBERS = 500;

/** An article of a story with how long after the first report it came. */
export interface StoryMemberView extends ArticleSummary {
  /** Minutes after the first report (by publication time, else storing time). */
  after: number;
}

export interface StoryView extends StorySummary {
  /** Oldest first. */
  members: StoryMemberView[];
}

export interface StoriesResult {
  page: number;
  /** Only stories followed by more than one article (multi=1). */
  multi: boolean;
  stories: StoryView[];
}

const timeOf = (a: ArticleSummary) => Date.parse(a.published ?? a.created);

/** The stories with their latest `limit` members each, oldest first (one store call for all of them). */
async function withMembers(store: Store, stories: StorySummary[], limit: number): Promise<StoryView[]> {
  const members = await store.storyMembers(stories.map((s) => s.id), limit);
  return stories.map((story) => {
    const list = [...(members.get(story.id) ?? [])].reverse();
    const start = Date.parse(story.firstSeen);
    return { ...story, members: list.map((a) => ({ ...a, after: Math.max(0, Math.round((timeOf(a) - start) / 60_000)) })) };
  });
}

export async function findStories(store: Store, query: Record<string, string>): Promise<StoriesResult> {
  const n = Number(query.page ?? '1');
  if (query.page !== undefined && !(Number.isInteger(n) && n >= 1)) throw new BadRequest(`server: page must be a whole number from 1, got "${String(query.page).slice(0, 40)}"`);
  const pageNo = Math.min(n || 1, MAX_PAGE);
  const multi = query.multi === '1';
  const stories = await store.listStories({ limit: STORIES_PAGE_SIZE, offset: (pageNo - 1) * STORIES_PAGE_SIZE, ...(multi ? { minArticles: 2 } : {}) });
  return { page: pageNo, multi, stories: await withMembers(store, stories, MEMBERS_LISTED) };
}

export async function storyView(store: Store, id: number): Promise<StoryView | null> {
  const story = await store.getStory(id);
  return story ? (await withMembers(store, [story], STORY_MEMBERS))[0]! : null;
}

/** "+25 min", "+2 h 30 min", "+2 d". */
export function delay(minutes: number): string {
  if (minutes < 60) return `+${minutes} min`;
  if (minutes < 48 * 60) return `+${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `+${Math.round(minutes / 1440)} d`;
}

function firstReport(s: StorySummary): SafeHtml {
  return html`<span>First: <strong>${s.first.siteName ?? s.first.feedId ?? '(article no longer stored)'}</strong></span>${affiliationChip(s.first.affiliation)}<span>${shortTime(s.firstSeen)}</span>${s.first.lang ? html`<span>${s.first.lang}</span>` : ''}`;
}

function tally(s: StorySummary): SafeHtml {
  return html`<span>${s.articles} ${s.articles === 1 ? 'article' : 'articles'}, ${s.outlets} ${s.outlets === 1 ? 'outlet' : 'outlets'}, ${s.langs.join(' ')}</span>${s.alerts > 0 ? html`<span class="chip rule">${s.alerts} ${s.alerts === 1 ? 'alert' : 'alerts'}</span>` : ''}`;
}

function followers(v: StoryView): SafeHtml | string {
  const rest = v.members.filter((m) => m.id !== v.first.articleId);
  if (!rest.length) return '';
  const shown = rest.slice(0, FOLLOWERS_SHOWN);
  return html`<p class="meta follow">Followed by ${shown.map((m) => html`<span>${m.siteName ?? m.feedId} (${m.lang}) ${delay(m.after)}</span>`)}${rest.length > shown.length ? html`<span>and ${rest.length - shown.length} more</span>` : ''}</p>`;
}

function storyItem(v: StoryView): SafeHtml {
  return html`<li><h2><a href="/stories/${v.id}">${v.first.title ?? '(no title)'}</a></h2>
<div class="meta">${firstReport(v)}${tally(v)}</div>${followers(v)}</li>`;
}

export function renderStoriesPage(r: StoriesResult, rising: RisingNow[] = []): string {
  const base = r.multi ? '/stories?multi=1' : '/stories';
  const sep = r.multi ? '&' : '?';
  const pager = html`<nav class="pages">${r.page > 1 ? html`<a href="${base}${sep}page=${r.page - 1}" rel="prev">← Newer</a>` : html`<span></span>`}
<span class="numbers">Page ${r.page}</span>${r.stories.length === STORIES_PAGE_SIZE ? html`<a href="${base}${sep}page=${r.page + 1}" rel="next">Older →</a>` : html`<span></span>`}</nav>`;
  return page('Stories', html`<h1>Stories</h1>
${r.page === 1 ? risingBox(rising) : ''}<p class="count">One event across outlets and languages, most recently active first. ${r.multi ? html`<a href="/stories">Show every story</a>` : html`<a href="/stories?multi=1">Only stories several articles reported</a>`}</p>
${r.stories.length ? html`<ol class="alerts">${r.stories.map(storyItem)}</ol>` : html`<p class="empty">No stories yet: stories form as articles are stored.</p>`}${pager}`);
}

export function renderStoryPage(v: StoryView, config: Config): string {
  const names = new Map(config.watchlist.entries.map((e) => [e.id, e.name]));
  return page(v.first.title ?? `Story ${v.id}`, html`<h1>${v.first.title ?? `Story ${v.id}`}</h1>
<div class="meta">${firstReport(v)}${tally(v)}</div>
<h2>Reports, first to last</h2>
<ol class="alerts">${v.members.map((m) => articleItem(m, names, html`<p class="meta"><span>${m.id === v.first.articleId ? 'first report' : delay(m.after)}</span></p>`))}</ol>`);
}

export function storiesJson(r: StoriesResult, rising: RisingNow[] = []): unknown {
  return { page: r.page, pageSize: STORIES_PAGE_SIZE, multi: r.multi, rising, stories: r.stories };
}
