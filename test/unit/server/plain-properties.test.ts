import 'reflect-metadata';
import { graphql, type GraphQLObjectType } from 'graphql';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { readPlainPropertiesDirectly } from '../../../src/server/plain-properties';

@ObjectType()
class Probe {
  @Field()
  open!: string;

  @Authorized('admin')
  @Field()
  guarded!: string;
}

@Resolver(() => Probe)
class ProbeResolver {
  @Query(() => Probe)
  probe(): Probe {
    return Object.assign(new Probe(), { open: 'open value', guarded: 'guarded value' });
  }
}

test('plain properties are read directly; a property with @Authorized keeps its check', async () => {
  readPlainPropertiesDirectly();
  const schema = await buildSchema({
    resolvers: [ProbeResolver],
    validate: false,
    authChecker: ({ context }, roles) => roles.includes((context as { role: string }).role),
  });
  const fields = (schema.getType('Probe') as GraphQLObjectType).getFields();
  expect(fields.open.resolve).toBeUndefined();
  expect(fields.guarded.resolve).toBeDefined();
  const asDistrict = await graphql({ schema, source: '{ probe { open guarded } }', contextValue: { role: 'district' } });
  expect(asDistrict.errors?.map((e) => e.path?.join('.'))).toEqual(['probe.guarded']);
  const asAdmin = await graphql({ schema, source: '{ probe { open guarded } }', contextValue: { role: 'admin' } });
  expect(asAdmin.errors).toBeUndefined();
  expect(asAdmin.data).toEqual({ probe: { open: 'open value', guarded: 'guarded value' } });
});
