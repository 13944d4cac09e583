import {
  type EmailReservationCommand,
  type EmailReservationEvent,
  type EmailReservationState,
  emailReservationDecider,
} from '../shared/index.js';

/** A person's e-mail address is unique within a tenant: one reservation stream per address and tenant. */
export const personEmailDecider = emailReservationDecider({
  prefix: 'Person',
  owner: 'personId',
  takenCode: 'PERSON_EMAIL_TAKEN',
  noun: 'person',
});

export type PersonEmailEvent = EmailReservationEvent<'Person', 'personId'>;
export type PersonEmailReserved = Extract<PersonEmailEvent, { type: 'PersonEmailReserved' }>;
export type PersonEmailReleased = Extract<PersonEmailEvent, { type: 'PersonEmailReleased' }>;
export type PersonEmailState = EmailReservationState<'personId'>;
export type PersonEmailCommand = EmailReservationCommand<'Person', 'personId'>;
