/** Fetching one preview page through the project's HTTP client (guard, limits, shared politeness). */
import { decodeBytes } from '../fetch/charset.js';
import { PAGE_ACCEPT, type HttpClient } from '../fetch/http.js';
import { parseTelegramPage } from './telegram-page.js';
import type { TelegramPage } from './telegram-types.js';
import { telegramPageUrl } from '../settings/telegram-url.js';


export interface FetchedTelegramPage {
  url: string;
  page: TelegramPage;
}

/** GET `<baseUrl><username>[?before=id]` and read it. Throws FetchError or TelegramError. */
export async function fetchTelegramPage(http: Pick<HttpClient, 'fetch'>, baseUrl: string, username: string, before?: number | null): Promise<FetchedTelegramPage> {
  const url = telegramPageUrl(baseUrl, username, before);
  const res = await http.fetch({ url, accept: PAGE_ACCEPT });
  const html = decodeBytes(res.body, { contentType: res.contentType, kind: 'html' }).text;
  return { url: res.url, page: parseTelegramPage(html, { username }) };
}
