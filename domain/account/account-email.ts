import {
  type EmailReservationCommand,
  type EmailReservationEvent,
  type EmailReservationState,
  emailReservationDecider,
} from '../shared/index.js';

/**
 * An account's e-mail address is its login, so it is unique across the whole system, not per tenant: one
 * reservation stream per address.
 */
export const accountEmailDecider = emailReservationDecider({
  prefix: 'Account',
  owner: 'accountId',
  takenCode: 'ACCOUNT_EMAIL_TAKEN',
  noun: 'account',
});

export type AccountEmailEvent = EmailReservationEvent<'Account', 'accountId'>;
export type AccountEmailReserved = Extract<AccountEmailEvent, { type: 'AccountEmailReserved' }>;
export type AccountEmailReleased = Extract<AccountEmailEvent, { type: 'AccountEmailReleased' }>;
export type AccountEmailState = EmailReservationState<'accountId'>;
export type AccountEmailCommand = EmailReservationCommand<'Account', 'accountId'>;
