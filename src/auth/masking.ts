/*
 * What analysts see of personal data: an ID number keeps its district and last four characters
 * (120101********123X), a name its surname (张*). Masking is applied to everything an analyst
 * receives, including ID numbers inside certificate numbers, explanations and evidence.
 */
const ID_NUMBER = /(?<![0-9])(\d{6})\d{8}(\d{3}[\dX])/g;

export function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2');
}

export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/** Masks ID numbers in every string of a JSON-like value. */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdNumbers(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}
