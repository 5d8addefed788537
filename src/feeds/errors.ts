/** Classified feed errors (the boundary sorts them into queue behaviour: all of these are permanent). */

export type FeedErrorKind = 'not-a-feed' | 'empty' | 'malformed' | 'too-large' | 'unsupported'
  /** A listing page whose items selector (or discovery) found nothing on two polls in a row. */
  | 'selector-empty';

/** A body that cannot be read as a feed. `message` starts with 'feeds: '. */
export class FeedError extends Error {
  readonly kind: FeedErrorKind;
  constructor(kind: FeedErrorKind, message: string) {
    super(message.startsWith('feeds: ') ? message : `feeds: ${message}`);
    this.name = 'FeedError';
    this.kind = kind;
  }
}
