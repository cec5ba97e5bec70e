import {
  coerceInputValue,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import * as civilAffairs from '../departments/civil-affairs/civil-affairs.inputs';
import * as disability from '../departments/disability/disability.inputs';
import * as humanResources from '../departments/human-resources/human-resources.inputs';
import type { SourceDepartment } from '../ingestion/receipts/receipts';
import { ImportErrorCode, type RecordProblem } from './import-error-code';


/** The lists of each department's batch, in the order a file should hold them (persons before the households that list them). */
export const KINDS_OF: Record<SourceDepartment, readonly string[]> = {
  'civil-affairs': ['persons', 'households', 'economicChecks', 'enrollments', 'seriousIllnessCertifications', 'temporaryAssistancePayments'],
  'human-resources': ['unemploymentRegistrations', 'insuranceEnrollments', 'incomeMonths'],
  disability: ['certificates'],
};

const BATCH_TYPE: Record<SourceDepartment, string> = {
  'civil-affairs': 'CivilAffairsBatch',
  'human-resources': 'HumanResourcesBatch',
  disability: 'DisabilityBatch',
};

type InputClass = new () => object;

/** Every input class by its GraphQL name: nested records (members, situations) become instances too, as type-graphql makes them. */
const CLASSES: Record<string, InputClass> = Object.fromEntries(
  Object.values({ ...civilAffairs, ...humanResources, ...disability })
    .filter((value): value is InputClass => typeof value === 'function')
    .map((cls) => [cls.name, cls]),
);

export type ColumnType = 'number' | 'boolean' | 'string' | 'list';

/**
 * The records of one kind as the mutation's input type declares them. A record from a file goes
 * through the same coercion GraphQL applies to a mutation's variables (types, enum names,
 * required fields, unknown fields), then becomes an instance of the input class, whose
 * class-validator rules the department's service applies as for any batch.
 */
export class RecordKind {
  constructor(
    readonly name: string,
    readonly type: GraphQLInputObjectType,
  ) {}

  /** Field names: the CSV header. */
  get fields(): string[] {
    return Object.keys(this.type.getFields());
  }

  columnType(field: string): ColumnType | null {
    const declared = this.type.getFields()[field]?.type;
    if (!declared) return null;
    const inner = isNonNullType(declared) ? declared.ofType : declared;
    if (isListType(inner) || isInputObjectType(inner)) return 'list';
    const named = getNamedType(inner);
    if (isScalarType(named) && (named.name === 'Int' || named.name === 'Float')) return 'number';
    if (isScalarType(named) && named.name === 'Boolean') return 'boolean';
    return 'string';
  }

  /** The record as an input class instance, or its first problem. */
  toInput(value: unknown): { input: object } | { problem: RecordProblem } {
    let problem: RecordProblem | null = null;
    const coerced = coerceInputValue(value, this.type, (path, _invalid, error) => {
      problem ??= { field: path.join('.').replace(/\.(\d+)/g, '[$1]'), code: ImportErrorCode.WRONG_TYPE, message: error.message };
    });
    if (problem) return { problem };
    return { input: instanceOf(this.type, coerced) };
  }
}

function instanceOf(type: GraphQLInputType, value: unknown): any {
  if (value == null) return value;
  if (isNonNullType(type)) return instanceOf(type.ofType, value);
  if (isListType(type)) return (value as unknown[]).map((item) => instanceOf(type.ofType, item));
  if (!isInputObjectType(type)) return value;
  const cls = CLASSES[type.name];
  if (!cls) throw new Error(`no input class is named ${type.name}`);
  const fields = type.getFields();
  const record = new cls() as Record<string, unknown>;
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) record[name] = instanceOf(fields[name].type, item);
  return record;
}

/** The kinds of a department, read from the hub's schema. */
export function kindsOf(schema: GraphQLSchema, dept: SourceDepartment): Map<string, RecordKind> {
  const batch = schema.getType(BATCH_TYPE[dept]);
  if (!isInputObjectType(batch)) throw new Error(`the schema has no input ${BATCH_TYPE[dept]}`);
  const kinds = new Map<string, RecordKind>();
  for (const name of KINDS_OF[dept]) {
    const type = getNamedType(batch.getFields()[name].type);
    if (!isInputObjectType(type)) throw new Error(`${BATCH_TYPE[dept]}.${name} is not a list of input records`);
    kinds.set(name, new RecordKind(name, type));
  }
  return kinds;
}
