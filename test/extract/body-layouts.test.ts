import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';

/** Body selection on page layouts that once went wrong: each case is a hand-written fixture page. */
/** The source.html of a golden page (test/fixtures/pages/<slug>/). */
const fixture = (slug: string): string => readFileSync(new URL(`../fixtures/pages/${slug}/source.html`, import.meta.url), 'utf8');

describe('extractArticle body (lead repeated as the first paragraph)', () => {
  const { text } = extractArticle(fixture('repeated-lead'), null);

  it('gives the lead once, in the body paragraph that repeats it', () => {
    expect(text.split('Вагоны со щебнем сошли с рельсов').length - 1).toBe(1);
    expect(text).toMatch(/^ХАБАРОВСК, 4 янв/);
    expect(text).toContain('Причины схода вагонов выясняет комиссия');
  });
});

describe('extractArticle body (table layout with a ranking of names)', () => {
  const { text } = extractArticle(fixture('ranking-sidebar'), null);

  it('takes the article, not the longer list of names beside it', () => {
    expect(text).toMatch(/^Китайские учёные убедились/);
    expect(text).toContain('считают исследователи.');
    expect(text).not.toContain('губернатор Северной области');
  });
});

describe('extractArticle body (blog post with credits, licence and entry meta)', () => {
  const { text } = extractArticle(fixture('blog-post-footer'), null);

  it('keeps the post and its publication line', () => {
    expect(text).toMatch(/^Auf dem Wissenscamp in Berlin/);
    expect(text).toContain('von den ersten Apps, die mit den Daten gebaut wurden.');
    expect(text).toContain('Veröffentlicht am 16.08.2019');
  });

  it.each([
    ['photo credit in brackets', 'Credit: Jana Roth'],
    ['cover picture credit', 'Titelbild:'],
    ['licence line', 'CC-BY 4.0'],
    ['"this entry was posted in" line', 'Dieser Eintrag wurde veröffentlicht'],
  ])('drops the %s', (_label, snippet) => {
    expect(text).not.toContain(snippet);
  });
});

describe('extractArticle body (Russian news page with a dated list and a comment form)', () => {
  const { text } = extractArticle(fixture('ru-news-footer'), null);

  it('keeps the article', () => {
    expect(text).toMatch(/^Британские диетологи/);
    expect(text).toContain('как можно большего числа цветов.');
  });

  it('drops the list of dated headlines', () => {
    expect(text).not.toContain('Найдено новое свойство шоколада');
  });

  it('ends the body at the comment form', () => {
    expect(text).not.toContain('Оставить комментарий');
    expect(text).not.toContain('меняют цвет при варке');
  });
});

describe('extractArticle body (short article below a list of story summaries)', () => {
  const { text } = extractArticle(fixture('teaser-summaries'), null);

  it('takes the article, without a summary of another story as its lead', () => {
    expect(text).toMatch(/^Жительница бельгийской провинции/);
    expect(text).toContain('выставить его на аукцион.');
  });

  it('does not fall back to the whole page for the longer summaries', () => {
    expect(text).not.toContain('Цены на нефть');
    expect(text).not.toContain('ракетный запуск');
  });
});

describe('extractArticle text (invisible characters)', () => {
  it('leaves out soft hyphens and zero-width spaces, in the body and the title', () => {
    const html = '<html><head><title>Site</title></head><body><h1>Er\u00adin\u00adne\u00adrung</h1><p>Die Kli\u00adma\u00adkri\u00adse ver\u200bän\u200bdert die Land\u00adwirt\u00adschaft in ganz Europa, sagen Forscher.</p></body></html>';
    const r = extractArticle(html, null);
    expect(r.text).toBe('Die Klimakrise verändert die Landwirtschaft in ganz Europa, sagen Forscher.');
    expect(r.title).toBe('Erinnerung');
  });
});

describe('extractArticle body (script-rendered page)', () => {
  it('falls back to the page description when the page shows no text without scripts', () => {
    const html = `<html><head><meta property="og:description" content="Das Zentrum lud zur Gesprächsrunde ein.\\nDie Teilnehmenden sprachen über den Fachkräftemangel."></head><body><div id="app"></div><script>render()</script></body></html>`;
    expect(extractArticle(html, null).text).toBe('Das Zentrum lud zur Gesprächsrunde ein.\n\nDie Teilnehmenden sprachen über den Fachkräftemangel.');
  });

  it('keeps a real body over the description', () => {
    const html = `<html><head><meta name="description" content="Short summary of the story for search engines."></head><body><p>The harbour reopened on Monday after three days of repairs to the quays, the port authority said in a statement.</p></body></html>`;
    expect(extractArticle(html, null).text).toMatch(/^The harbour reopened/);
  });
});

describe('extractArticle body (<noindex> widget inside a Russian article)', () => {
  it('leaves out what the page keeps out of search indexes', () => {
    const html = `<html><body><div class="newsbody"><p>Сегодня, 5 января, правительство Эстонии на своем заседании инициировало законопроект об отделении газопроводов.</p><noindex><div id="partner"><h6>Новости партнёров</h6></div></noindex><p>Об этом сообщили в эстонской общественно-правовой телерадиовещательной корпорации, передает корреспондент агентства.</p></div></body></html>`;
    const { text } = extractArticle(html, null);
    expect(text).toContain('передает корреспондент агентства.');
    expect(text).not.toContain('Новости партнёров');
  });
});

describe('extractArticle body (hidden modal holding a <main>)', () => {
  it('takes the article, not the closed dialog with its league table', () => {
    const html = `<html><body><div class="modal" id="modal-table" aria-hidden="true"><div role="dialog"><main id="modal-table-content"><ul class="table"><li><div class="team">1. Handballverein Nummer 1 aus der Stadt</div><div>29</div><div>39 : 1</div></li><li><div class="team">2. Handballverein Nummer 2 aus der Stadt</div><div>28</div><div>38 : 2</div></li><li><div class="team">3. Handballverein Nummer 3 aus der Stadt</div><div>27</div><div>37 : 3</div></li><li><div class="team">4. Handballverein Nummer 4 aus der Stadt</div><div>26</div><div>36 : 4</div></li><li><div class="team">5. Handballverein Nummer 5 aus der Stadt</div><div>25</div><div>35 : 5</div></li><li><div class="team">6. Handballverein Nummer 6 aus der Stadt</div><div>24</div><div>34 : 6</div></li><li><div class="team">7. Handballverein Nummer 7 aus der Stadt</div><div>23</div><div>33 : 7</div></li><li><div class="team">8. Handballverein Nummer 8 aus der Stadt</div><div>22</div><div>32 : 8</div></li><li><div class="team">9. Handballverein Nummer 9 aus der Stadt</div><div>21</div><div>31 : 9</div></li><li><div class="team">10. Handballverein Nummer 10 aus der Stadt</div><div>20</div><div>30 : 10</div></li><li><div class="team">11. Handballverein Nummer 11 aus der Stadt</div><div>19</div><div>29 : 11</div></li></ul></main></div></div><div class="container"><article class="post hentry category-spieltagsnews"><h1>Vorverkauf gestartet</h1><div class="wysiwyg"><p>Aufgrund der aktuellen Beschränkungen für Groß-Veranstaltungen können die Löwen lediglich 3000 Personen zu den Heimspielen im Februar in die Arena lassen.</p><p>In den freien Vorverkauf geht deshalb nur ein kleines Kartenkontingent, Dauerkarten-Inhaber können ihre Plätze behalten.</p><p>Am Samstag, 12. Februar, treffen die Löwen in der Arena auf den Tabellenführer, sollte sich die erlaubte Zuschauer-Kapazität bis dahin ändern, wird der Verein weitere Karten in den Verkauf geben.</p><p>Der Verein bittet alle Besucher, sich vor dem Spiel über die geltenden Regeln zu informieren, da sich diese kurzfristig ändern können und am Eingang kontrolliert werden.</p></div></article></div></body></html>`;
    const { text } = extractArticle(html, null);
    expect(text).toMatch(/^Aufgrund der aktuellen Beschränkungen/);
    expect(text).not.toContain('Handballverein Nummer');
  });
});

describe('extractArticle body (forum thread whose posts are classed as comments)', () => {
  const { text } = extractArticle(fixture('forum-thread'), null);

  it('takes the posts when nothing else is left', () => {
    expect(text).toContain('keinen Zugriff mehr auf den App Store');
    expect(text).toContain('Schau mal unter Bildschirmzeit nach');
  });
});

describe('extractArticle body (subheadline and lead above the story)', () => {
  const { text } = extractArticle(fixture('subheadline-lead'), null);

  it('keeps the subheadline and the lead, in page order, before the story', () => {
    const paras = text.split('\n\n');
    expect(paras[0]).toMatch(/^El periodista sostuvo que una nueva escalada/);
    expect(paras[1]).toMatch(/^Lo dijo en una entrevista/);
    expect(paras[2]).toMatch(/^El periodista habló durante más de una hora/);
  });
});

describe('extractArticle body (donation box, affiliate disclosure, calendar widget)', () => {
  it('drops them, inside the article too', () => {
    const html = `<html><body><article class="post"><div class="entry-content">
      <p>Die Regierung hat am Mittwoch neue Regeln für die Förderung von Wärmepumpen beschlossen, die ab dem Sommer gelten sollen.</p>
      <div class="affiliate-text"><p>Wir erhalten eine Provision, wenn Sie über diese Links einkaufen.</p></div>
      <p>Verbraucherschützer begrüßen die Entscheidung, verlangen aber einfachere Anträge und kürzere Bearbeitungszeiten bei den Behörden.</p>
      <div class="spenden-box"><h3>Sie lesen uns gern?</h3><p>Jede kleine Unterstützung hilft uns, unabhängig zu bleiben.</p></div>
      <div class="editorial-disclosure"><p>This post contains references to products from our advertisers.</p></div>
    </div></article><div class="widget"><div class="calendar_wrap"><table><caption>Dezember</caption><tr><td>1</td><td>2</td></tr></table></div></div></body></html>`;
    const { text } = extractArticle(html, null);
    expect(text).toContain('kürzere Bearbeitungszeiten bei den Behörden.');
    for (const s of ['Provision', 'Jede kleine Unterstützung', 'references to products', 'Dezember']) expect(text).not.toContain(s);
  });
});

describe('extractArticle body (PHP warning and lone numbers)', () => {
  it('drops a PHP warning and a lone time, keeps the text around them', () => {
    const html = `<html><body><div class="content"><div>Warning: Creating default object from empty value in /var/www/html/wp-content/themes/news/functions.php on line 42</div>
      <p>Málaga ist eine quirlige Metropole in Andalusien, mit Stränden, Museen und einer Altstadt voller Tapas-Bars.</p><div>19:49</div>
      <p>Im Sommer kommen Besucher aus ganz Europa, im Winter bleibt die Stadt angenehm mild und deutlich ruhiger.</p></div></body></html>`;
    const { text } = extractArticle(html, null);
    expect(text).toBe('Málaga ist eine quirlige Metropole in Andalusien, mit Stränden, Museen und einer Altstadt voller Tapas-Bars.\n\nIm Sommer kommen Besucher aus ganz Europa, im Winter bleibt die Stadt angenehm mild und deutlich ruhiger.');
  });
});
