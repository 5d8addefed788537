/**
 * Author names from JSON-LD, meta tags, microdata, rel=author links and bylines, without the byline
 * wording, dates and separators around them, and not the site's own name when a person is named.
 */

import { decodeHTML } from 'entities';

/** Byline wording before a name ("View all posts by", "Veröffentlicht von", "Автор:", "Von:"), stripped. */
const AUTHOR_PREFIX =
  /^[\s|:,·•©–—-]*(?:(?:(?:view|see) )?all posts by|(?:zeige )?alle beiträge von|post author|(?:posted|written|created|published) by|(?:geschrieben|veröffentlicht|publiziert|verfasst|erstellt|eingestellt) von|artikel von|autor(?:in)?|author|auteur|автор|текст|(?:text|interview)(?:\s+(?:und|&)\s+(?:text|interview|fotos?))?)\s*:?\s*|^[\s|:,·•©–—-]*(?:by|von|vom|par|por|di|de)(?:\s*:\s*|\s+)/i;
const AUTHOR_SUFFIX = /[\s,;|→»›·•–—-]+$/;
/** What bylines print after the name: "— veröffentlicht ...", "Alle Artikel", "Show all articles of ...". */
const BYLINE_TAIL = /\s+(?:[–—|-]\s+(?:veröffentlicht|aktualisiert|published|updated|publié|publicado)\b|alle artikel\b|alles von\b|show all articles\b|all posts\b|mehr von\b|more from\b).*$/i;
const LEADING_MARKS = /^[\s|:,·•©–—-]+/;
/** Names from JSON-LD sometimes keep their HTML entities ("Redacci&oacute;n"). */
const ENTITY = /&(?:[a-z]+|#\d+|#x[\da-f]+);/i;
/** Where a date or time starts inside a byline ("Jane Roe am 21. April 2020", "Jane Roe, 01.12.2021"). */
const DATE_START =
  /[\s,|–—-]+(?:(?:am|on|le|el|vom|stand:)\s+)?(?:(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?\d{1,2}(?:[./]\d{1,2}[./]\d{2,4}|\.?\s+\p{L}{3,}|:\d{2})/iu;
/** "Posted on 21 September 2020 by Jane Roe": the name after the last "by". */
const POSTED_BY = /^(?:posted|published|veröffentlicht|erstellt|publié|publicado)\b.*?\b(?:by|von|par|por)\s+(.+)$/i;
/** Form labels, placeholders, comment headers and bare byline words that sit in author-classed elements. */
const NOT_A_NAME = /\(|\)|@|https?:|erforderlich|required|^name\b|\*|\b(?:says|said|sagt|schreibt|écrit|dice)\b\s*[:,]|^(?:by|von|posted|publiziert am|veröffentlicht am|follow|no author)$|:$|^(?:fotos?|photos?|bild|credit)\s*:|^(?:войти|вход|увійти|log ?in|sign ?in|anmelden|einloggen|connexion|se connecter|iniciar sesión|zaloguj(?: się)?)$/i;
/**
 * Calls to action that sit in author-classed elements (app banners, subscription links, channels): «Скачай
 * наше iPhone приложение», "Download our app", "Subscribe", «Читайте нас в Telegram». A byline names people
 * or organisations.
 */
const CALL_TO_ACTION = /^(?:download|get|install|subscribe|sign up|follow|join|listen|watch|read us|support us|скачай|скачайте|скачать|загрузи|загрузите|установи|установите|подпишись|подпишитесь|подписаться|слушайте|смотрите|читайте|читай|следите|присоединяйтесь|поддержите|завантаж|завантажте|завантажити|встанови|встановіть|підпишись|підпишіться|підписатися|слухайте|дивіться|читайте|стежте|приєднуйтесь|підтримайте)(?![\p{L}])|(?:^|\s)(?:в|во|у|in|on)\s+(?:telegram|twitter|facebook|instagram|youtube|viber|whatsapp|vk|вконтакте|телеграм\p{L}*|соцсет\p{L}*|соцмереж\p{L}*)(?![\p{L}])|(?:^|\s)(?:our|наше|наш|нашу|наши|наші|нашого|наш)\s+(?:\p{L}+\s+)?(?:apps?|приложени\p{L}*|додат\p{L}*|застосун\p{L}*)(?![\p{L}])|(?:^|\s)(?:app store|google play|iphone|android|newsletter|рассылк\p{L}*|розсилк\p{L}*)(?![\p{L}])/iu;
/** A host name ("example.de") is the site, not a person. */
const DOMAIN_LIKE = /^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$/i;
const MAX_AUTHOR_CHARS = 80;
const MAX_PREFIX_PASSES = 3;

/**
 * The first source (in order) that names someone other than the site itself; the site's name
 * (or a host name) only when no source names anyone else.
 */
export function resolveAuthors(sources: string[][], siteName: string | null): string | null {
  const site = siteName?.toLowerCase();
  let fallback: string | null = null;
  for (const names of sources) {
    const found = cleanAuthors(names);
    if (!found) continue;
    if (found.toLowerCase() === site || DOMAIN_LIKE.test(found)) fallback ??= found;
    else return found;
  }
  return fallback;
}

function cleanAuthors(names: string[]): string | null {
  const out: string[] = [];
  for (const n of names) {
    const c = cleanName(n);
    if (c && c.length <= MAX_AUTHOR_CHARS && !NOT_A_NAME.test(c) && !CALL_TO_ACTION.test(c) && !out.includes(c)) out.push(c);
  }
  return out.length > 0 ? out.join(', ') : null;
}

function cleanName(raw: string): string {
  let c = (ENTITY.test(raw) ? decodeHTML(raw) : raw).replace(/\s+/g, ' ').trim();
  c = POSTED_BY.exec(c)?.[1] ?? c;
  for (let i = 0; i < MAX_PREFIX_PASSES && AUTHOR_PREFIX.test(c); i++) c = c.replace(AUTHOR_PREFIX, '');
  const date = DATE_START.exec(c);
  if (date && date.index > 0) c = c.slice(0, date.index);
  return c.replace(BYLINE_TAIL, '').replace(LEADING_MARKS, '').replace(AUTHOR_SUFFIX, '').trim();
}
