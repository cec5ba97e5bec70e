import { registerEnumType } from 'type-graphql';

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

/** Whether a person has a legal supporter (法定赡养、抚养、扶养义务人) able to support them. */
export enum SupporterStatus {
  NONE = 'NONE',
  UNABLE = 'UNABLE',
  ABLE = 'ABLE',
}

export enum SituationKind {
  DECEASED = 'DECEASED',
  DECLARED_MISSING = 'DECLARED_MISSING',
  IMPRISONED = 'IMPRISONED',
  COMPULSORY_REHABILITATION = 'COMPULSORY_REHABILITATION',
  OUT_OF_CONTACT = 'OUT_OF_CONTACT',
}

export enum RelationToHead {
  HEAD = 'HEAD',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  PARENT = 'PARENT',
  GRANDCHILD = 'GRANDCHILD',
  GRANDPARENT = 'GRANDPARENT',
  SIBLING = 'SIBLING',
  OTHER = 'OTHER',
}

export enum Program {
  DIBAO = 'DIBAO',
  LOW_INCOME = 'LOW_INCOME',
  TEKUN = 'TEKUN',
  TEMPORARY_ASSISTANCE = 'TEMPORARY_ASSISTANCE',
  UNSUPPORTED_CHILD = 'UNSUPPORTED_CHILD',
}

export enum AssistanceUnit {
  HOUSEHOLD = 'HOUSEHOLD',
  SINGLE_PERSON = 'SINGLE_PERSON',
}

export enum VehicleHolding {
  NONE = 'NONE',
  DISABILITY_VEHICLE_ONLY = 'DISABILITY_VEHICLE_ONLY',
  OTHER_VEHICLE = 'OTHER_VEHICLE',
}

export enum PaymentKind {
  EMERGENCY = 'EMERGENCY',
  CONTINUED = 'CONTINUED',
}

registerEnumType(Sex, { name: 'Sex' });
registerEnumType(SupporterStatus, {
  name: 'SupporterStatus',
  description: 'Legal supporter on record: none, one unable to support, or one able to support.',
});
registerEnumType(SituationKind, { name: 'SituationKind' });
registerEnumType(RelationToHead, { name: 'RelationToHead' });
registerEnumType(Program, { name: 'Program', description: 'Assistance programs of the notice.' });
registerEnumType(AssistanceUnit, { name: 'AssistanceUnit' });
registerEnumType(VehicleHolding, {
  name: 'VehicleHolding',
  description: 'Vehicles found by the economic check; a disability vehicle does not fail the property test.',
});
registerEnumType(PaymentKind, { name: 'PaymentKind', description: 'Emergency (one-off 500) or continued temporary assistance.' });
