/**
 * Names of the parameter files the rules read. Declared once so that a misspelt name fails the
 * type check, and the start-up check can prove every name has a file.
 */
export const P = {
  dibaoStandard: 'dibao-standard',
  lowIncomeCeilingMultiplier: 'low-income-ceiling-multiplier',
  lowIncomeBenefitShare: 'low-income-benefit-share',
  moneyAssetLimitMonths: 'money-asset-limit-months',
  adultChildIncomeMultiplier: 'adult-disabled-child-income-multiplier',
  adultChildPropertyLimit: 'adult-disabled-child-property-limit',
  adultChildParentsMinimumAge: 'adult-disabled-child-parents-minimum-age',
  adultAge: 'adult-age',
  minorAgeLimit: 'minor-age-limit',
  unableSituationMonths: 'unable-situation-months',
  emergencyPayment: 'temporary-assistance-emergency-payment',
  temporaryAssistanceCapMultiplier: 'temporary-assistance-cap-multiplier',
  monthsWithoutIncome: 'months-without-income',
  tekunMinorAgeLimit: 'tekun-minor-age-limit',
  tekunElderlyAge: 'tekun-elderly-age',
  reviewIntervalMonths: 'review-interval-months',
  reviewIntervalUnstableMonths: 'review-interval-unstable-months',
  deductionDisabilitySevere: 'deduction-disability-severe',
  deductionDisabilityModerate: 'deduction-disability-moderate',
  deductionIllness1500: 'deduction-serious-illness-1500',
  deductionIllness1000: 'deduction-serious-illness-1000',
  deductionIllness500: 'deduction-serious-illness-500',
} as const;

export type ParameterName = (typeof P)[keyof typeof P];
export const PARAMETER_NAMES: readonly ParameterName[] = Object.values(P);
