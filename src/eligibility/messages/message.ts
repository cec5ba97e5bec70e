import type { MessageId } from './catalogue';

/**
 * What a rule says about a condition, as data: a catalogue id and the figures to fill in. The
 * words are the catalogues' (en.ts, zh.ts), so a rule holds no prose and a language touches no rule.
 */
export interface Message {
  message: MessageId;
  args?: Record<string, MessageArg>;
}

/** A list the catalogue joins with its own separator: `list` between items, `clauses` between statements. */
export interface Joined {
  join: 'list' | 'clauses';
  items: MessageArg[];
}

export type MessageArg = string | number | Message | Joined;

export function msg(message: MessageId, args?: Record<string, MessageArg>): Message {
  return args ? { message, args } : { message };
}

export const list = (items: MessageArg[]): Joined => ({ join: 'list', items });
export const clauses = (items: MessageArg[]): Joined => ({ join: 'clauses', items });
