import { IsOptional } from 'class-validator';
import { Field, Float } from 'type-graphql';
import { IsDate, IsDistrict, IsIdNumber, IsMoney, IsPersonName, IsRecordKey, NotBefore } from './record-rules';

/*
 * The fields every department's records share, each declared once: its GraphQL shape and the
 * rules it is checked against travel together, so an input class reads as the record's spec.
 */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

interface FieldOptions {
  description?: string;
  /** May be omitted or null; the rules then apply only to a value that is given. */
  optional?: boolean;
}

/** A string field checked by `rule`, optional or required. */
function stringField(rule: PropertyDecorator, { description, optional = false }: FieldOptions = {}): PropertyDecorator {
  return optional ? all(Field(() => String, { nullable: true, description }), IsOptional(), rule) : all(Field(() => String, { description }), rule);
}

export const IdNumberField = (options?: FieldOptions) => stringField(IsIdNumber(), options);

export const DistrictField = (options?: FieldOptions) => stringField(IsDistrict(), options);

export const NameField = (description?: string) => all(Field(() => String, { description }), IsPersonName());

export const RecordKeyField = (options?: FieldOptions) => stringField(IsRecordKey(), options);

export const MoneyField = (description = 'Yuan.') => all(Field(() => Float, { description }), IsMoney());

export const DateField = (description = 'YYYY-MM-DD.') => all(Field(() => String, { description }), IsDate());

/** An optional end date: not before `start`, exclusive (the record is no longer valid on it). */
export const EndDateField = (start: string, description = 'YYYY-MM-DD, exclusive; omit while it lasts.') =>
  all(Field(() => String, { nullable: true, description }), IsOptional(), IsDate(), NotBefore(start));
