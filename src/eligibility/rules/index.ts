import type { Rule } from '../condition';
import { adultDisabledChildRule } from './adult-disabled-child.rule';
import { dibaoHouseholdRule } from './dibao-household.rule';
import { lowIncomeHouseholdRule } from './low-income-household.rule';
import { severeDisabilityOrIllnessRule } from './severe-disability-or-illness.rule';
import { tekunRule } from './tekun.rule';
import { temporaryAssistanceRule } from './temporary-assistance.rule';
import { unsupportedChildRule } from './unsupported-child.rule';

/** Every rule the hub decides, in the order of docs/rules.md (generated from this list). */
export const RULES: readonly Rule[] = [
  dibaoHouseholdRule,
  lowIncomeHouseholdRule,
  severeDisabilityOrIllnessRule,
  unsupportedChildRule,
  adultDisabledChildRule,
  temporaryAssistanceRule,
  tekunRule,
];

export const HOUSEHOLD_RULES = RULES.filter((r) => r.subject === 'household');
