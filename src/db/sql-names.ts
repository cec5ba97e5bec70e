import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Table and column names of entities, quoted as the database spells them, for the few statements
 * the hub writes by hand (raw reads, multi-row writes, the push's set questions).
 */
export function sqlNames(manager: EntityManager) {
  const connection = manager.connection;
  const quote = (name: string) => connection.driver.escape(name);
  return {
    quote,
    table: <T extends ObjectLiteral>(entity: EntityTarget<T>) => quote(connection.getMetadata(entity).tableName),
    column: <T extends ObjectLiteral>(entity: EntityTarget<T>, property: string) => {
      const metadata = connection.getMetadata(entity);
      const found = metadata.findColumnWithPropertyPath(property);
      if (!found) throw new Error(`${metadata.name} has no column ${property}`);
      return quote(found.databaseName);
    },
  };
}
