/**
 * The analyst's pages and their JSON twins: /stories, /stories/<id>, /articles, /entities/<id>, /narratives, /narratives/<id>,
 * /sources, each also under /api/. A malformed from/to date answers 400, an unknown entity or
 * narrative 404.
 */
import type { Context, Hono } from 'hono';
import type { Config } from '../config/load.js';
import type { Store } from '../store/index.js';
import { articlesJson, BadRequest, findArticles, renderArticlesPage } from './articles-page.js';
import { entityView, renderEntityPage } from './entity-page.js';
import { PAGE_CSP } from './layout.js';
import { listNarratives, narrativeView, renderNarrativePage, renderNarrativesPage } from './narratives-page.js';
import { findStories, renderStoriesPage, renderStoryPage, storiesJson, storyView } from './stories-page.js';
import { risingNow } from './spike-marks.js';
import { listSources, readFeedHealth, renderSourcesPage } from './sources-page.js';

const ID = '{[a-z0-9][a-z0-9._-]*}';

function htmlOk(c: Context, body: string): Response {
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(body);
}

/** Run a handler; a BadRequest becomes a 400 with its message (text, or JSON under /api/). */
function guarded(handler: (c: Context) => Promise<Response>): (c: Context) => Promise<Response> {
  return async (c) => {
    try {
      return await handler(c);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return c.req.path.startsWith('/api/') ? c.json({ error: error.message }, 400) : c.text(`${error.message}\n`, 400);
    }
  };
}

export function mountAnalystPages(app: Hono, deps: { store: Store; config: Config }): void {
  const { store, config } = deps;
  app.get('/articles', guarded(async (c) => htmlOk(c, await renderArticlesPage(store, config, c.req.query()))));
  app.get('/api/articles', guarded(async (c) => c.json(articlesJson(await findArticles(store, config, c.req.query())))));
  app.get(`/entities/:id${ID}`, guarded(async (c) => {
    const view = await entityView(store, config, c.req.param('id') ?? '', c.req.query());
    return view ? htmlOk(c, renderEntityPage(view, config)) : c.text('server: no such watchlist entry\n', 404);
  }));
  app.get(`/api/entities/:id${ID}`, guarded(async (c) => {
    const view = await entityView(store, config, c.req.param('id') ?? '', c.req.query());
    return view ? c.json(view) : c.json({ error: 'server: no such watchlist entry' }, 404);
  }));
  app.get('/narratives', async (c) => htmlOk(c, renderNarrativesPage(await listNarratives(store, config))));
  app.get('/api/narratives', async (c) => c.json({ narratives: await listNarratives(store, config) }));
  app.get(`/narratives/:id${ID}`, guarded(async (c) => {
    const view = await narrativeView(store, config, c.req.param('id') ?? '', c.req.query());
    return view ? htmlOk(c, renderNarrativePage(view, config)) : c.text('server: no such narrative\n', 404);
  }));
  app.get(`/api/narratives/:id${ID}`, guarded(async (c) => {
    const view = await narrativeView(store, config, c.req.param('id') ?? '', c.req.query());
    return view ? c.json(view) : c.json({ error: 'server: no such narrative' }, 404);
  }));
  app.get('/stories', guarded(async (c) => htmlOk(c, renderStoriesPage(await findStories(store, c.req.query()), await risingNow(store, config)))));
  app.get('/api/stories', guarded(async (c) => c.json(storiesJson(await findStories(store, c.req.query()), await risingNow(store, config)))));
  app.get('/stories/:id{[0-9]{1,15}}', async (c) => {
    const view = await storyView(store, Number(c.req.param('id')));
    return view ? htmlOk(c, renderStoryPage(view, config)) : c.text('server: no such story\n', 404);
  });
  app.get('/api/stories/:id{[0-9]{1,15}}', async (c) => {
    const view = await storyView(store, Number(c.req.param('id')));
    return view ? c.json(view) : c.json({ error: 'server: no such story' }, 404);
  });
  app.get('/sources', async (c) => htmlOk(c, renderSourcesPage(await listSources(store), await readFeedHealth(store, config))));
  app.get('/api/sources', async (c) => c.json({ sources: await listSources(store) }));
}
