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

/** A template split once into its text and the names of its placeholders (odd positions). */
type Compiled = string[];

const compiled = new Map<Catalogue, Map<string, Compiled>>();

/** Rules render millions of messages in a scan: each template is parsed once, not once per message. */
function compiledTemplate(catalogue: Catalogue, key: Message['message']): Compiled {
  let byKey = compiled.get(catalogue);
  if (!byKey) compiled.set(catalogue, (byKey = new Map()));
  let parts = byKey.get(key);
  if (!parts) byKey.set(key, (parts = catalogue[key].split(PLACEHOLDER)));
  return parts;
}

function renderWith(message: Message, catalogue: Catalogue): string {
  const parts = compiledTemplate(catalogue, message.message);
  let text = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const arg = message.args?.[parts[i]];
    // A rule that forgot an argument is a bug to see in tests, not a sentence with a hole.
    if (arg === undefined) throw new Error(`message ${message.message} has no argument ${parts[i]}`);
    text += renderArg(arg, catalogue) + parts[i + 1];
  }
  return text;
}

export function render(message: Message, language: Language): string {
  return renderWith(message, CATALOGUES[language]);
}
