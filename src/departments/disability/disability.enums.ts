import { registerEnumType } from 'type-graphql';

/** Categories in the order of the certificate's 19th digit (1–7). */
export enum DisabilityCategory {
  VISUAL = 'VISUAL',
  HEARING = 'HEARING',
  SPEECH = 'SPEECH',
  PHYSICAL = 'PHYSICAL',
  INTELLECTUAL = 'INTELLECTUAL',
  MENTAL = 'MENTAL',
  MULTIPLE = 'MULTIPLE',
}

export const CATEGORY_BY_DIGIT: readonly DisabilityCategory[] = [
  DisabilityCategory.VISUAL,
  DisabilityCategory.HEARING,
  DisabilityCategory.SPEECH,
  DisabilityCategory.PHYSICAL,
  DisabilityCategory.INTELLECTUAL,
  DisabilityCategory.MENTAL,
  DisabilityCategory.MULTIPLE,
];

export function categoryOfDigit(digit: number): DisabilityCategory {
  return CATEGORY_BY_DIGIT[digit - 1];
}

registerEnumType(DisabilityCategory, { name: 'DisabilityCategory' });
