import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isListType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { HOUSEHOLD_RULES, RULES } from '../../eligibility/rules';
import { TIANJIN_DISTRICT_CODES } from '../../identity/districts';

/*
 * What an operation costs, in units of one value written out (a column of a loaded row). A count
 * is priced for the bureau's real population (about 100,000 persons), where one takes 15 to 250 ms
 * depending on its filter and database: its time grows with the population, a page's does not.
 * The facts behind an eligibility field are one batch of about 19 indexed statements, however many
 * subjects share it. With the default HUB_MAX_COMPLEXITY (200,000) about 19 counts fit, or one
 * page of 100 persons with every department and every decision (test/integration/limits.test.ts).
 */
export const COST = {
  /** A value of a row already loaded. */
  VALUE: 1,
  /** Counting the rows a filter matches: a scan of the filtered table, whatever the page size. */
  COUNT: 10_000,
  /** Reading one page of a connection: one ordered, limited statement. */
  PAGE: 100,
  /** Looking a person or household up by its number: one indexed read, one audited person. */
  LOOKUP: 100,
  /** Gathering the facts behind an eligibility or review field: one batch of statements per field. */
  FACTS: 2_000,
  /** Deciding one rule for one subject, with its explanation: computation only. */
  DECISION: 20,
  /** Validating and upserting one ingested record. */
  RECORD: 20,
  /** One ingestion transaction with its audit entry, however few its records. */
  BATCH: 500,
} as const;

/** Items assumed in a plain list (members, certificates, conditions) when estimating cost. */
export const ASSUMED_LIST_LENGTH = 5;

export interface CostLimits {
  /** HUB_MAX_PAGE: a larger `first` is refused by the resolver, so it never costs more than this. */
  maxPage: number;
  /** HUB_MAX_BATCH: likewise for the records of an ingestion call. */
  maxBatch: number;
}

/**
 * The price of one occurrence of a field in an operation:
 * - `once`: work done once for the occurrence whatever the number of parent items (the batch of
 *   statements the loaders send for all of them at once); each alias is another occurrence;
 * - `each`: work done for every parent item (a count, a decision per rule, a value);
 * - `items`: how many times the field's selection is resolved per parent item (a page size, the
 *   rules decided, a list's assumed length), which multiplies everything below it.
 */
interface Price {
  once?: number;
  each: number;
  items: number;
}

type Args = Record<string, unknown>;
type Pricing = (args: Args, limits: CostLimits, node?: FieldNode) => Price;

/**
 * Whether a connection's selection may ask for `totalCount`: a connection counts its matches only
 * then. A fragment spread is not looked into (the estimator is not handed the fragments), so it is
 * priced as if it counted.
 */
function mayCount(selections: readonly SelectionNode[] | undefined): boolean {
  return (selections ?? []).some((s) =>
    s.kind === Kind.FIELD ? s.name.value === 'totalCount' : s.kind === Kind.INLINE_FRAGMENT ? mayCount(s.selectionSet.selections) : true,
  );
}

// Per parent item: the page, and the count when the selection asks for it.
const pageOf = (defaultSize: number): Pricing => (args, limits, node) => ({
  each: COST.PAGE + (mayCount(node?.selectionSet?.selections) ? COST.COUNT : 0),
  items: Math.min(Math.max(Number(args.first ?? defaultSize) || 1, 1), limits.maxPage),
});

const lookup: Pricing = () => ({ each: COST.LOOKUP, items: 1 });

const decisions = (allRules: number): Pricing => (args) => {
  const rules = Array.isArray(args.ruleIds) ? args.ruleIds.length : allRules;
  return { once: COST.FACTS, each: COST.DECISION * rules, items: rules };
};

const review: Pricing = () => ({ once: COST.FACTS, each: COST.VALUE, items: 1 });

/** The records of an ingestion call, all lists together, as the batch limit counts them. */
function recordsOf(input: unknown): number {
  if (input == null || typeof input !== 'object') return 0;
  return Object.values(input).reduce<number>((sum, list) => sum + (Array.isArray(list) ? list.length : 0), 0);
}

const ingestion: Pricing = (args, limits) => ({
  each: COST.BATCH + COST.RECORD * Math.min(recordsOf(args.input), limits.maxBatch),
  items: 1,
});

/** A cross-check list: one batch of facts per thousand ID numbers, each entry its few values. */
const crossCheckList: Pricing = (args) => {
  const entries = Array.isArray(args.idNumbers) ? args.idNumbers.length : 1;
  return { once: COST.FACTS * Math.ceil(entries / 1000), each: COST.VALUE, items: entries };
};

/** Computed with the page that carries it: the connection has paid for the count already. */
const paidByConnection: Pricing = () => ({ each: 0, items: 1 });

const listOf = (items: number): Pricing => () => ({ each: COST.VALUE, items });

/**
 * The fields whose price is not that of a plain value or list. Any other field returning a
 * connection is priced like `persons` (a count is never free); the fields of a connection and of
 * PageInfo come with the page; any other list resolves its selection ASSUMED_LIST_LENGTH times.
 */
export const FIELD_PRICES: Record<string, Pricing> = {
  'Query.person': lookup,
  'Query.household': lookup,
  'Query.persons': pageOf(20),
  'Query.auditLog': pageOf(50),
  'Person.eligibility': decisions(RULES.length),
  'Household.eligibility': decisions(HOUSEHOLD_RULES.length),
  'Person.nextReviewDue': review,
  'Person.reviewOverdue': review,
  'Household.nextReviewDue': review,
  'Household.reviewOverdue': review,
  // A decision has its rule's conditions (six at most); a condition rests on one or two records, rarely more.
  'EligibilityDecision.conditions': listOf(Math.max(...RULES.map((rule) => rule.conditions.length))),
  'ConditionResult.evidence': listOf(3),
  'Query.crossCheck': crossCheckList,
  // Findings are computed while paging: a page may scan up to ten batches of persons' facts.
  'Query.findings': (args, limits, node) => ({ once: 10 * COST.FACTS, ...pageOf(20)(args, limits, node) }),
  'Person.crossCheckFindings': () => ({ once: COST.FACTS, each: COST.VALUE, items: ASSUMED_LIST_LENGTH }),
  // Priced as its costliest case, no completed pass: four grouped counts over the population, answered for every area at once.
  'Query.districtStats': () => ({ each: 10 * COST.COUNT, items: TIANJIN_DISTRICT_CODES.length + 1 }),
  'Mutation.ingestCivilAffairs': ingestion,
  'Mutation.ingestHumanResources': ingestion,
  'Mutation.ingestDisability': ingestion,
};

const isConnection = (typeName: string) => typeName.endsWith('Connection');

function priceOf(parent: string, field: string, returnsList: boolean, returns: string, args: Args, limits: CostLimits, node: FieldNode): Price {
  const listed = FIELD_PRICES[`${parent}.${field}`];
  if (listed) return listed(args, limits, node);
  if (isConnection(returns)) return pageOf(20)(args, limits, node);
  if (isConnection(parent) || parent === 'PageInfo') return paidByConnection(args, limits);
  return { each: COST.VALUE, items: returnsList ? ASSUMED_LIST_LENGTH : 1 };
}

export class CostEstimateError extends GraphQLError {}

/**
 * The estimated cost of the operation, or null when its variables do not fit the schema
 * (execution then refuses them with BAD_USER_INPUT, before any resolver runs).
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
  limits: CostLimits,
): number | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) return null;
  let once = 0;
  const estimator: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
    const price = priceOf(type.name, field.name, isListType(getNullableType(field.type)), getNamedType(field.type).name, args, limits, node);
    once += price.once ?? 0;
    return price.each + price.items * childComplexity;
  };
  try {
    const perItem = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      // The raw values: the library coerces them itself, and coercing twice turns an enum's
      // internal value into an input it refuses.
      variables: rawVariables,
      estimators: [estimator],
    });
    return perItem + once;
  } catch (error) {
    // Beyond the library's node budget (fragments spread many times): too large to price.
    throw new CostEstimateError(error instanceof Error ? error.message : String(error));
  }
}
