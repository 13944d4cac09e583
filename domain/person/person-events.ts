import type { DomainEvent, Money } from '../shared/index.js';

/** A person's employment, in order; `departed` is final. */
export const personStatuses = ['planned', 'active', 'leaving', 'departed'] as const;
export type PersonStatus = (typeof personStatuses)[number];

/** Who a person is, as the client's HR knows them. */
export interface PersonDetails {
  personId: string;
  name: string;
  /** Lower-cased; unique within the tenant (checked by the command handler). */
  email: string;
  department: string;
  costCentre: string;
  /** ISO date (YYYY-MM-DD) of the first working day. */
  plannedStart: string;
  /** Work phone number as `phonePattern` allows (person-optional-details.ts); absent when there is none. */
  phone?: string;
  /** Free text about the person (at most `maxNotesLength` characters); absent when there is none. */
  notes?: string;
}

/**
 * The optional details as an event records them: a value sets the field, `null` removes it (cleared, or
 * erased: personal-data.ts), absent leaves it as it was.
 */
export interface OptionalPersonDetails {
  phone?: string | null;
  notes?: string | null;
}

/**
 * `phone` and `notes` are absent when none were given (and in every registration stored before they existed);
 * they read as `null` once the person's data is erased.
 */
export type PersonRegistered = DomainEvent<
  'PersonRegistered',
  Omit<PersonDetails, keyof OptionalPersonDetails> & OptionalPersonDetails & { registeredAt: string }
>;
/**
 * Name, department and cost centre: as they are after the change. `phone` and `notes`: only when this change
 * sets (a value) or removes (`null`) them; an event without them left them as they were.
 */
export type PersonDetailsChanged = DomainEvent<
  'PersonDetailsChanged',
  {
    personId: string;
    name: string;
    department: string;
    costCentre: string;
    changedAt: string;
  } & OptionalPersonDetails
>;
export type PersonStarted = DomainEvent<'PersonStarted', { personId: string; startedAt: string }>;
export type PersonOffboardingStarted = DomainEvent<
  'PersonOffboardingStarted',
  { personId: string; processId: string; offboardingStartedAt: string }
>;
/** `processId`: the offboarding that ended with the departure; `null` when the person left without one. */
export type PersonDeparted = DomainEvent<
  'PersonDeparted',
  { personId: string; processId: string | null; departedAt: string }
>;
export type AccessGranted = DomainEvent<
  'AccessGranted',
  { personId: string; accessId: string; system: string; monthlyCost: Money; grantedAt: string }
>;
export type AccessRevoked = DomainEvent<
  'AccessRevoked',
  { personId: string; accessId: string; system: string; revokedAt: string }
>;

/**
 * A departed person's personal data (domain/person/personal-data.ts) is erased (GDPR/RODO): the store
 * deletes the key it was encrypted with, so every event and read model shows the person as erased.
 * `reason`: why, e.g. the request's reference; it must not repeat the personal data.
 */
export type PersonalDataErased = DomainEvent<
  'PersonalDataErased',
  { personId: string; reason: string; erasedAt: string }
>;

export type PersonEvent =
  | PersonRegistered
  | PersonDetailsChanged
  | PersonStarted
  | PersonOffboardingStarted
  | PersonDeparted
  | AccessGranted
  | AccessRevoked
  | PersonalDataErased;
