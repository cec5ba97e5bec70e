import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { printHubSchema, SCHEMA_FILE } from '../../../src/server/emit-schema';

test('schema/schema.graphql is what the code emits (run `npm run schema` after changing the API)', async () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  const emitted = await printHubSchema();
  expect(committed).toBe(emitted);
});

/** `field(arg: Type, …): Type` as a client sees it, whatever descriptions surround it. */
function signature(schema: GraphQLSchema, typeName: string, fieldName: string): string {
  const type = schema.getType(typeName) as GraphQLObjectType | undefined;
  const field = type?.getFields()[fieldName];
  if (!field) return `${typeName}.${fieldName} is missing`;
  // Argument order is not part of the contract: GraphQL arguments are named.
  const args = field.args.map((a) => `${a.name}: ${a.type.toString()}`).sort().join(', ');
  return `${fieldName}${args ? `(${args})` : ''}: ${field.type.toString()}`;
}

test('the schema keeps the names clients rely on (the API contract)', async () => {
  const schema = buildSchema(await printHubSchema());
  const expected: Array<[string, string, string]> = [
    ['Query', 'person', 'person(idNumber: String!): Person'],
    ['Query', 'persons', 'persons(after: String, filter: PersonFilter, first: Int): PersonConnection!'],
    ['Query', 'household', 'household(householdNumber: String!): Household'],
    ['Query', 'findings', 'findings(after: String, asOf: LocalDate, code: FindingCode, districtCode: String, first: Int): FindingConnection!'],
    ['Person', 'crossCheckFindings', 'crossCheckFindings(asOf: LocalDate): [CrossCheckFinding!]!'],
    ['Query', 'crossCheck', 'crossCheck(asOf: LocalDate, idNumbers: [String!]!): [CrossCheckResult!]!'],
    ['Query', 'districtStats', 'districtStats(asOf: LocalDate, parameters: [ParameterOverrideInput!]): [DistrictStats!]!'],
    ['Query', 'districtInbox', 'districtInbox(after: String, districtCode: String!, first: Int, status: NotificationStatus): NotificationConnection!'],
    ['Mutation', 'acknowledgeNotifications', 'acknowledgeNotifications(districtCode: String!, ids: [ID!]!): Int!'],
    ['Mutation', 'recordNotificationOutcome', 'recordNotificationOutcome(districtCode: String!, id: ID!, outcome: NotificationOutcome!, reason: String): Notification!'],
    ['Subscription', 'districtNotifications', 'districtNotifications(after: String, districtCode: String!): DistrictNotification!'],
    ['Mutation', 'ingestCivilAffairs', 'ingestCivilAffairs(input: CivilAffairsBatch!): IngestReport!'],
    ['Mutation', 'ingestHumanResources', 'ingestHumanResources(input: HumanResourcesBatch!): IngestReport!'],
    ['Mutation', 'ingestDisability', 'ingestDisability(input: DisabilityBatch!): IngestReport!'],
    ['Person', 'idNumber', 'idNumber: String!'],
    ['Person', 'sex', 'sex: Sex!'],
    ['Person', 'birthDate', 'birthDate: LocalDate!'],
    ['Person', 'age', 'age(asOf: LocalDate): Int!'],
    ['Person', 'registeredDistrict', 'registeredDistrict: String!'],
    ['Person', 'residenceDistrict', 'residenceDistrict: String'],
    ['Person', 'livesAwayFromRegistration', 'livesAwayFromRegistration: Boolean!'],
    ['Person', 'household', 'household: Household'],
    ['Person', 'disabilityCertificates', 'disabilityCertificates: [DisabilityCertificate!]!'],
    ['Person', 'unemploymentRegistrations', 'unemploymentRegistrations: [UnemploymentRegistration!]!'],
    ['Person', 'insuranceEnrollments', 'insuranceEnrollments: [InsuranceEnrollment!]!'],
    ['Person', 'enrollments', 'enrollments: [AssistanceEnrollment!]!'],
  ];
  for (const [type, field, wanted] of expected) expect(signature(schema, type, field)).toBe(wanted);
});
