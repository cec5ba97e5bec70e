import { registerEnumType } from 'type-graphql';

/**
 * The federation's disability categories, declared in the order of their digit on the certificate
 * (its 19th character, 1–7; docs/readings.md, "Disability categories"): the order is the digit.
 */
export enum DisabilityCategory {
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  PHYSICAL = 'PHYSICAL',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}

const CATEGORY_BY_DIGIT: readonly DisabilityCategory[] = Object.values(DisabilityCategory);

/** The certificate digit of each category, as records and rules hold categories. */
export const CATEGORY_DIGIT = Object.fromEntries(CATEGORY_BY_DIGIT.map((category, i) => [category, i + 1])) as Readonly<
  Record<DisabilityCategory, number>
>;

export function categoryOfDigit(digit: number): DisabilityCategory {
  return CATEGORY_BY_DIGIT[digit - 1];
}

/** "1 visual, 2 hearing, …": how the API describes a category digit. */
export const CATEGORY_DIGITS_DESCRIPTION = `${CATEGORY_BY_DIGIT.map((category, i) => `${i + 1} ${category.toLowerCase()}`).join(', ')}.`;

registerEnumType(DisabilityCategory, { name: 'DisabilityCategory' });
