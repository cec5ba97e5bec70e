import { GraphQLEnumType, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type OperationDefinitionNode } from 'graphql';
import { estimateCost } from '../../../src/server/limits/query-cost';
import { buildHubSchema } from '../../../src/server/schema';

describe('estimateCost', () => {
  test('prices an operation whose enum variable has an internal value other than its name', () => {
    const Language = new GraphQLEnumType({ name: 'Language', values: { ZH: { value: 'zh' }, EN: { value: 'en' } } });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { greeting: { type: GraphQLString, args: { language: { type: Language } } } } }),
    });
    const document = parse('query($l: Language) { greeting(language: $l) }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const limits = { maxPage: 100, maxBatch: 1000 };
    expect(estimateCost(schema, document, operation, { l: 'ZH' }, limits)).toBe(1);
    // Variables that do not fit the schema are left to execution to refuse.
    expect(estimateCost(schema, document, operation, { l: 'KLINGON' }, limits)).toBeNull();
  });
});

describe('estimateCost of connections', () => {
  const limits = { maxPage: 100, maxBatch: 1000 };
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema(null);
  });
  const cost = (query: string) => {
    const document = parse(query);
    return estimateCost(schema, document, document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode, {}, limits) as number;
  };

  test('a count is priced only when totalCount may be selected', () => {
    const page = cost('{ persons(first: 10) { edges { node { idNumber } } } }');
    const counted = cost('{ persons(first: 10) { totalCount edges { node { idNumber } } } }');
    expect(counted).toBeGreaterThan(page);
    // Inside an inline fragment it is found; a fragment spread is not looked into, so it is priced as counting.
    expect(cost('{ persons(first: 10) { ... on PersonConnection { totalCount } edges { node { idNumber } } } }')).toBe(counted);
    expect(cost('{ persons(first: 10) { ...P edges { node { idNumber } } } } fragment P on PersonConnection { pageInfo { hasNextPage } }')).toBeGreaterThanOrEqual(counted);
    // 150 pages without their counts cost what 150 pages cost, less than 150 counts.
    const aliases = (n: number, body: string) => Array.from({ length: n }, (_, i) => `p${i}: ${body}`).join(' ');
    expect(cost(`{ ${aliases(150, 'persons(first: 1) { edges { node { idNumber } } }')} }`)).toBeLessThan(cost(`{ ${aliases(150, 'persons(first: 1) { totalCount }')} }`));
  });
});
