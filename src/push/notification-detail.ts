import type { Condition } from '../eligibility/condition';
import type { Evidence } from '../eligibility/eligibility.types';
import type { Message } from '../eligibility/messages/message';
import type { ParameterValue } from '../policy/policy.types';

/** Where a person or household lived when the match was found: what redaction judges scope by. */
export interface StoredDistricts {
  registeredDistrict: string | null;
  residenceDistrict: string | null;
}

/** A decision as the rule stated it, messages unrendered: each reader gets it in their language. */
export interface StoredDecision {
  ruleId: string;
  outcome: string;
  amountFen: number | null;
  conditions: Condition[];
  effects: string[];
  parameters: ParameterValue[];
}

/** A cross-check finding as found. */
export interface StoredFinding {
  code: string;
  clause: string;
  recordKey: string;
  evidence: Evidence[];
  values: Record<string, unknown>;
}

/**
 * What a notification carries besides its columns. The persons and households its evidence names
 * are kept with their districts at the time, so that each reader's answer withholds what lies
 * outside their scope exactly as a live decision would (src/eligibility/redaction.ts).
 */
export interface NotificationDetail {
  decision?: StoredDecision;
  finding?: StoredFinding;
  /** For an enrollment match: the enrollment as stored. */
  enrollment?: { enrollmentNumber: string; program: string; unit: string; startDate: string; endDate: string | null; monthlyAmount: number };
  persons: Record<string, StoredDistricts>;
  households: Record<string, StoredDistricts>;
}

export type { Message };
