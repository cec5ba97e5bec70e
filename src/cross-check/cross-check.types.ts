import { JSONObjectResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Evidence } from '../eligibility/eligibility.types';
import { FindingCode } from './finding-code';

@ObjectType({ description: 'A cross-check finding (clauses 1.3 and 6, docs/findings.md) with the records behind it.' })
export class CrossCheckFinding {
  @Field(() => FindingCode)
  code!: FindingCode;

  @Field({ description: 'Clause id of the notice.' })
  clause!: string;

  @Field({ description: 'What the finding is about (a payment number, a household number, a record), stable across evaluations.' })
  recordKey!: string;

  @Field(() => [Evidence])
  evidence!: Evidence[];

  @Field(() => JSONObjectResolver, { description: 'The figures used.' })
  values!: Record<string, unknown>;

  @Field({ description: 'True when the evidence rests on records outside the caller\'s scope: recordKey, evidence and values are then empty.' })
  withheld!: boolean;
}
