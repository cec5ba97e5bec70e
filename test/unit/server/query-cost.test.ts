import { GraphQLEnumType, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type OperationDefinitionNode } from 'graphql';
import { estimateCost } from '../../../src/server/limits/query-cost';

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
