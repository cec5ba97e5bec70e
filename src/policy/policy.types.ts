import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { parameterStatuses } from './parameter-file';

export enum ParameterStatusEnum {
  SOURCED = 'SOURCED',
  VERIFY = 'VERIFY',
  ASSUMPTION = 'ASSUMPTION',
}
registerEnumType(ParameterStatusEnum, {
  name: 'ParameterStatus',
  description: 'SOURCED from a text; VERIFY: to be checked against the source; ASSUMPTION: fills a gap the notice leaves.',
});
// The file schema and the API enum must list the same statuses.
const _sameStatuses: readonly (keyof typeof ParameterStatusEnum)[] = parameterStatuses;
void _sameStatuses;

@ObjectType({ description: 'A policy parameter\'s value in force on a date, with its source.' })
export class ParameterValue {
  @Field({ description: 'Stable name, e.g. "dibao-standard".' })
  name!: string;

  @Field(() => Float)
  value!: number;

  @Field()
  unit!: string;

  @Field(() => LocalDateResolver, { description: 'The day this value took effect.' })
  effectiveFrom!: string;

  @Field()
  reference!: string;

  @Field(() => ParameterStatusEnum)
  status!: ParameterStatusEnum;

  @Field(() => String, { nullable: true, description: 'What is uncertain, for VERIFY and ASSUMPTION values.' })
  note!: string | null;
}

@ObjectType({ description: 'A policy parameter as in force on the requested date.' })
export class PolicyParameter extends ParameterValue {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true, description: 'Clause id of the notice (docs/readings.md, "Clause ids").' })
  clause!: string | null;
}
