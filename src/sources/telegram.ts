/** Telegram public channels read from their web preview (https://t.me/s/<channel>). */
export { TelegramError, type TelegramErrorKind } from './telegram-errors.js';
export { parseTelegramPage, type ReadPageOptions } from './telegram-page.js';
export { parseViews } from './telegram-text.js';
export { hasMedia, isArticlePost, type TelegramLinkPreview, type TelegramMediaKind, type TelegramPage, type TelegramPost } from './telegram-types.js';
