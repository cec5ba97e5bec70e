import type { Catalogue } from './catalogue';
import { en } from './en';
import { Language } from './language';
import type { Message, MessageArg } from './message';
import { zh } from './zh';

export const CATALOGUES: Record<Language, Catalogue> = { [Language.EN]: en, [Language.ZH]: zh };

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholder names of a template, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map(([, name]) => name))];
}

function renderArg(arg: MessageArg, catalogue: Catalogue): string {
  if (typeof arg === 'string' || typeof arg === 'number') return String(arg);
  if ('join' in arg) return arg.items.map((item) => renderArg(item, catalogue)).join(catalogue[arg.join === 'list' ? 'join.list' : 'join.clauses']);
  return renderWith(arg, catalogue);
}

function renderWith(message: Message, catalogue: Catalogue): string {
  return catalogue[message.message].replace(PLACEHOLDER, (_, name: string) => {
    const arg = message.args?.[name];
    // A rule that forgot an argument is a bug to see in tests, not a sentence with a hole.
    if (arg === undefined) throw new Error(`message ${message.message} has no argument ${name}`);
    return renderArg(arg, catalogue);
  });
}

export function render(message: Message, language: Language): string {
  return renderWith(message, CATALOGUES[language]);
}
