import { registerEnumType } from 'type-graphql';

// Values equal to the GraphQL names: variables are coerced more than once on the way (the cost estimate too).
export enum Language {
  ZH = 'ZH',
  EN = 'EN',
}

registerEnumType(Language, {
  name: 'Language',
  description: 'Language of explanations and missing items: ZH (Chinese, for caseworkers) or EN (English).',
});

/** The API's language when a request names none: English, so clients written against it read what they always read. */
export const DEFAULT_LANGUAGE = Language.EN;

const BY_TAG = new Map<string, Language>(Object.values(Language).map((l) => [l.toLowerCase(), l]));

/**
 * The supported language an `Accept-Language` value ranks highest (`zh-CN,zh;q=0.9,en;q=0.8` →
 * zh): a range counts by its primary subtag, ties go to the one named first, `*` and unsupported
 * ranges are passed over; anything else (absent, unparsable, only unsupported) is the default.
 */
export function languageOf(header: unknown): Language {
  if (typeof header !== 'string') return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam == null ? 1 : Number(qParam.slice(2));
    const language = BY_TAG.get(primary);
    if (language == null || !Number.isFinite(q) || q <= 0) continue;
    if (best == null || q > best.q) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}
