/** Telegram source failures, sorted like feed errors: every kind here is permanent. */
export type TelegramErrorKind = 'not-found' | 'bad-username';

/** `message` starts with 'telegram: '. */
export class TelegramError extends Error {
  readonly permanent = true;
  constructor(readonly kind: TelegramErrorKind, message: string) {
    super(message.startsWith('telegram: ') ? message : `telegram: ${message}`);
    this.name = 'TelegramError';
  }
}
