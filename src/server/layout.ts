/** The page shell of the server's HTML pages: no scripts, one small stylesheet, readable on a phone. */
import { html, raw, type SafeHtml } from './html.js';

/** Our pages run no script at all; bull-board (its own pages) is exempt. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f6f7f9}
header.top{background:#1f3347;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none}header.top strong{font-size:1.1rem;margin-right:auto}
main{max-width:60rem;margin:0 auto;padding:1rem}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem;background:#fff;padding:.75rem;border-radius:.5rem;border:1px solid #dde1e6}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:#4a5561}
form.filters .q{grid-column:1/-1}
input,select,button{font:inherit;padding:.35rem .45rem;border:1px solid #b9c1ca;border-radius:.3rem;background:#fff;min-width:0;width:100%}
button{background:#1f5fa8;color:#fff;border-color:#1f5fa8;cursor:pointer;align-self:end}
.actions{display:flex;gap:.5rem;align-items:end}.actions a{white-space:nowrap;padding:.35rem 0}
ol.alerts{list-style:none;padding:0;margin:1rem 0}
ol.alerts li{background:#fff;border:1px solid #dde1e6;border-radius:.5rem;padding:.65rem .8rem;margin-bottom:.6rem}
ol.alerts h2{font-size:1.05rem;margin:0 0 .25rem;overflow-wrap:anywhere}
.meta{font-size:.85rem;color:#4a5561;display:flex;flex-wrap:wrap;gap:.3rem .8rem}
.chip{display:inline-block;background:#e8eef5;border-radius:1rem;padding:0 .5rem;font-size:.8rem;margin:.15rem .2rem 0 0}
.rule{background:#fde9c8}.imm{background:#f9c9c9}
.affiliation{background:#eceff3;border:1px solid #c5ccd4}.aff-separatist-authority,.aff-separatist-media{background:#f3e3f7;border-color:#d7b3e0}.aff-ru-state{background:#fbe4e4;border-color:#e9b5b5}.aff-ua-government,.aff-ua-media{background:#e2eefb;border-color:#b3cde9}
nav.pages{display:flex;justify-content:space-between;gap:1rem;margin:1rem 0}
nav.pages .numbers{display:flex;gap:.6rem;flex-wrap:wrap;justify-content:center}
p.snippet{margin:.3rem 0;font-size:.92rem;color:#2c3640;overflow-wrap:anywhere}
p.count{margin:.8rem 0 0;font-size:.92rem}
article.text{background:#fff;border:1px solid #dde1e6;border-radius:.5rem;padding:.5rem 1rem;overflow-wrap:anywhere}
mark{background:#ffe27a;padding:0 .1em;border-radius:.15em}
.warn{background:#fff4e0;border:1px solid #f0c36d;padding:.5rem .75rem;border-radius:.4rem}
.banner{margin:.5rem 0 1rem}ol.alerts li.failing{border-color:#e3a0a0}
code{font-size:.9em;background:#e8eef5;padding:0 .25em;border-radius:.2em}
section.evidence h2{font-size:1.05rem;margin:.8rem 0 .3rem}section.evidence ul{padding-left:1.2rem;margin:.3rem 0}section.evidence li{margin-bottom:.3rem}
h1{font-size:1.35rem;line-height:1.3;overflow-wrap:anywhere}
.empty{color:#4a5561;font-style:italic}
nav.main{display:flex;gap:.4rem .9rem;flex-wrap:wrap}
a.chip{color:inherit;text-decoration:none}.narrative{background:#e6f3e6}
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
figure.chart{margin:.5rem 0;background:#fff;border:1px solid #dde1e6;border-radius:.5rem;padding:.4rem}figure.chart svg{display:block;height:7rem}figure.chart figcaption{display:flex;justify-content:space-between;gap:.5rem;font-size:.8rem;color:#4a5561}figure.chart figcaption .spikes{color:#a93226;font-weight:600}
.rising{border:1px solid #e3b1aa;background:#fdf3f1;border-radius:.5rem;padding:.3rem .8rem;margin:.6rem 0}.rising h2{margin:.2rem 0;font-size:1.05rem;color:#a93226}.rising ul{margin:.2rem 0;padding-left:1.2rem}.rising .usual{color:#4a5561}
@media(max-width:40rem){table.sources thead{display:none}table.list.sources tr,table.list.sources td{display:block;border:0}table.sources tr{border-bottom:1px solid #dde1e6;padding:.3rem 0}table.sources td{padding:.15rem .45rem}}
table.list{width:100%;border-collapse:collapse;background:#fff;font-size:.92rem}table.list th,table.list td{border-bottom:1px solid #dde1e6;padding:.35rem .45rem;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto}.error{color:#a32020;overflow-wrap:anywhere}
tr.health-failing td:first-child,tr.health-disabled td:first-child{border-left:4px solid #d9534f}
ol.tally{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .9rem}
dl.names{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem}dl.names dd{margin:0}
blockquote.claim{margin:.3rem 0;padding:.2rem .6rem;border-left:3px solid #8fbf8f;font-size:.92rem;overflow-wrap:anywhere}
`;

/** A whole page: title, top navigation, body. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · mediamon</title><style>${raw(CSS)}</style></head>
<body><header class="top"><strong><a href="/stories">mediamon</a></strong><nav class="main" aria-label="pages"><a href="/stories">Stories</a><a href="/alerts">Alerts</a><a href="/articles">Articles</a><a href="/narratives">Narratives</a><a href="/sources">Sources</a><a href="/admin/queues">Queues</a><a href="/metrics">Metrics</a></nav></header>
<main>${body}</main></body></html>`.value;
}
