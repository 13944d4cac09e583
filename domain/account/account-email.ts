import {
  assertNever,
  type CommandContext,
  conflict,
  type Decider,
  type DomainEvent,
} from '../shared/index.js';

/**
 * An account's e-mail address is its login, so it is unique across the whole system, not per tenant. Each
 * address has a reservation stream of its own: two accounts racing for one address both append to the same
 * stream, and only one append can win.
 */
export type AccountEmailReserved = DomainEvent<
  'AccountEmailReserved',
  { email: string; accountId: string; reservedAt: string }
>;
export type AccountEmailReleased = DomainEvent<
  'AccountEmailReleased',
  { email: string; accountId: string; releasedAt: string }
>;
export type AccountEmailEvent = AccountEmailReserved | AccountEmailReleased;

export type AccountEmailState = { status: 'free' } | { status: 'reserved'; accountId: string };

interface EmailCommand<Type extends string> {
  type: Type;
  data: { email: string; accountId: string };
  meta: CommandContext;
}
export type AccountEmailCommand = EmailCommand<'ReserveAccountEmail'> | EmailCommand<'ReleaseAccountEmail'>;

/** The address as it is compared: ignoring case and outer spaces. */
export const normalizeAccountEmail = (email: string) => email.trim().toLowerCase();

export const accountEmailDecider: Decider<AccountEmailCommand, AccountEmailState, AccountEmailEvent> = {
  initialState: { status: 'free' },
  evolve: (_state, event) => {
    switch (event.type) {
      case 'AccountEmailReserved':
        return { status: 'reserved', accountId: event.data.accountId };
      case 'AccountEmailReleased':
        return { status: 'free' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    const { accountId } = command.data;
    const email = normalizeAccountEmail(command.data.email);
    switch (command.type) {
      case 'ReserveAccountEmail':
        if (state.status === 'reserved') {
          if (state.accountId === accountId) return [];
          throw conflict('ACCOUNT_EMAIL_TAKEN', `${email} belongs to another account`, {
            accountId: state.accountId,
          });
        }
        return [{ type: 'AccountEmailReserved', data: { email, accountId, reservedAt: command.meta.now } }];
      case 'ReleaseAccountEmail':
        if (state.status !== 'reserved' || state.accountId !== accountId) return [];
        return [{ type: 'AccountEmailReleased', data: { email, accountId, releasedAt: command.meta.now } }];
      default:
        return assertNever(command);
    }
  },
};
