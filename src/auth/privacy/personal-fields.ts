/**
 * How a field of the API may carry personal data, and so what each caller receives of it. Every
 * field of every object type has exactly one kind: the hub refuses to start with a field nobody
 * classified, so a new field cannot leak by being forgotten.
 */
export type PersonalKind =
  /** No personal data of its own (codes, thresholds, or an object whose fields are classified). */
  | 'none'
  /** Personal facts shown as they are to whoever may see the record (dates, amounts, districts). */
  | 'plain'
  /** The record's own person: a keyed pseudonym for analysts. */
  | 'id-number'
  /** Another person's ID number: null unless that person is in the caller's district; a pseudonym for analysts. */
  | 'person-ref'
  /** Withheld from analysts. */
  | 'name'
  /** The year alone for analysts (YYYY-01-01). */
  | 'birth-date'
  /** For analysts, the age reached during the year of `asOf`, so no chosen date reveals a birthday. */
  | 'age'
  /** Explanations, figures and evidence about persons: withheld from analysts. */
  | 'derived'
  /** A record's number: a keyed pseudonym for analysts, the same in every field naming that record. */
  | `record-number:${RecordSpace}`;

/** Numbers naming the same record share a space, so that analysts can still join on them. */
export type RecordSpace = 'household' | 'enrollment' | 'certification' | 'payment' | 'certificate' | 'registration' | 'evidence';

/** `Type.field` → kind, as each domain declares for the types it owns. */
export type PersonalFields = Record<string, PersonalKind>;

/** The fields of a Relay connection and its edges for `node`: nothing personal but the node itself. */
export function connectionFields(name: string): PersonalFields {
  return {
    [`${name}Connection.edges`]: 'none',
    [`${name}Connection.pageInfo`]: 'none',
    [`${name}Connection.totalCount`]: 'none',
    // Cursors are encrypted: they name no person to anyone but the hub.
    [`${name}Edge.cursor`]: 'none',
    [`${name}Edge.node`]: 'none',
  };
}
