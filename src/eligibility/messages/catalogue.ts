import type { en } from './en';

export type MessageId = keyof typeof en;

/** A language's sentences: every id of the English catalogue, none missing (the compiler checks). */
export type Catalogue = Record<MessageId, string>;
