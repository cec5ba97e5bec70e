import { registerEnumType } from 'type-graphql';

/**
 * The cross-check findings of clauses 1.3 and 6 (docs/findings.md). Values equal their names: the
 * API serves them as they are stored and as the push notifications key them.
 */
export enum FindingCode {
  TEMPORARY_ASSISTANCE_WHILE_INSURED = 'TEMPORARY_ASSISTANCE_WHILE_INSURED',
  TEMPORARY_ASSISTANCE_NOT_REGISTERED = 'TEMPORARY_ASSISTANCE_NOT_REGISTERED',
  DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED = 'DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED',
  DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT = 'DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT',
  NAME_MISMATCH = 'NAME_MISMATCH',
}

registerEnumType(FindingCode, {
  name: 'FindingCode',
  description: 'A cross-check finding from civil-affairs and human-resources records together (clauses 1.3 and 6).',
  valuesConfig: {
    TEMPORARY_ASSISTANCE_WHILE_INSURED: {
      description: 'Clause 6: a temporary-assistance payment dated while the person had a valid unemployment-insurance enrollment.',
    },
    TEMPORARY_ASSISTANCE_NOT_REGISTERED: {
      description: 'Clause 6: a temporary-assistance payment dated while the person had no valid unemployment registration.',
    },
    DIBAO_MEMBER_UNREGISTERED_UNEMPLOYED: {
      description:
        'Clause 1.3: a member of a dibao household, of working age and not severely disabled, with no income in the last months and no unemployment registration: to be encouraged to register.',
    },
    DIBAO_MEMBER_RECEIVING_UNEMPLOYMENT_BENEFIT: {
      description: 'Clause 6: a member of a dibao household drawing unemployment-insurance benefit: income to verify.',
    },
    NAME_MISMATCH: {
      description: 'Clause 6: a human-resources or disability record of the same ID number gives a name different from civil affairs.',
    },
  },
});
