import type { PersonalFields } from '../auth/privacy/personal-fields';

/**
 * What decisions carry of persons. Analysts cannot ask for per-person decisions at all (a decision
 * on a chosen date reveals a birthday); the kinds below still hold if a path to them appears.
 */
export const ELIGIBILITY_FIELDS: PersonalFields = {
  'Person.eligibility': 'none',
  'Person.nextReviewDue': 'plain',
  'Person.reviewOverdue': 'plain',
  'Household.eligibility': 'none',
  'Household.nextReviewDue': 'plain',
  'Household.reviewOverdue': 'plain',

  'EligibilityDecision.ruleId': 'none',
  'EligibilityDecision.title': 'none',
  'EligibilityDecision.program': 'none',
  'EligibilityDecision.clause': 'none',
  'EligibilityDecision.asOf': 'none',
  'EligibilityDecision.outcome': 'plain',
  'EligibilityDecision.unit': 'none',
  'EligibilityDecision.amount': 'plain',
  'EligibilityDecision.conditions': 'none',
  'EligibilityDecision.effects': 'none',
  'EligibilityDecision.parameters': 'none',
  'EligibilityDecision.missing': 'derived',
  'EligibilityDecision.withheld': 'plain',

  'ConditionResult.code': 'none',
  'ConditionResult.outcome': 'plain',
  'ConditionResult.explanation': 'derived',
  'ConditionResult.values': 'derived',
  'ConditionResult.evidence': 'none',
  'ConditionResult.missing': 'derived',
  'ConditionResult.withheld': 'plain',

  'Evidence.department': 'none',
  'Evidence.record': 'none',
  'Evidence.recordId': 'record-number:evidence',
  'Evidence.values': 'derived',

  'EligibilityRule.id': 'none',
  'EligibilityRule.title': 'none',
  'EligibilityRule.program': 'none',
  'EligibilityRule.clause': 'none',
  'EligibilityRule.unit': 'none',
  'EligibilityRule.subject': 'none',
  'EligibilityRule.conditionCodes': 'none',
  'EligibilityRule.conditions': 'none',
  'EligibilityRule.parameters': 'none',

  'RuleCondition.code': 'none',
  'RuleCondition.meaning': 'none',
};
