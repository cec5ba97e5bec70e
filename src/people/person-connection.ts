import { ObjectType } from 'type-graphql';
import { Person } from '../departments/civil-affairs/person.entity';
import { ConnectionType } from '../common/connection';

@ObjectType('PersonConnection', { description: 'A page of persons, ordered by ID number.' })
export class PersonConnection extends ConnectionType('Person', Person) {}
