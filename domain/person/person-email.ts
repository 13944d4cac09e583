import {
  assertNever,
  type CommandContext,
  conflict,
  type Decider,
  type DomainEvent,
} from '../shared/index.js';

/**
 * A person's e-mail address is unique within a tenant. Each address has a reservation stream of its own, so
 * the uniqueness holds across person streams and under concurrent registration on any event store: two
 * people racing for one address both append to the same stream, and only one append can win.
 */
export type PersonEmailReserved = DomainEvent<
  'PersonEmailReserved',
  { email: string; personId: string; reservedAt: string }
>;
export type PersonEmailReleased = DomainEvent<
  'PersonEmailReleased',
  { email: string; personId: string; releasedAt: string }
>;
export type PersonEmailEvent = PersonEmailReserved | PersonEmailReleased;

export type PersonEmailState = { status: 'free' } | { status: 'reserved'; personId: string };

interface EmailCommand<Type extends string> {
  type: Type;
  data: { email: string; personId: string };
  meta: CommandContext;
}
export type PersonEmailCommand = EmailCommand<'ReservePersonEmail'> | EmailCommand<'ReleasePersonEmail'>;

/** The address as it is compared: e-mail addresses are matched ignoring case and outer spaces. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const personEmailDecider: Decider<PersonEmailCommand, PersonEmailState, PersonEmailEvent> = {
  initialState: { status: 'free' },
  evolve: (_state, event) => {
    switch (event.type) {
      case 'PersonEmailReserved':
        return { status: 'reserved', personId: event.data.personId };
      case 'PersonEmailReleased':
        return { status: 'free' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    const { personId } = command.data;
    const email = normalizeEmail(command.data.email);
    switch (command.type) {
      case 'ReservePersonEmail':
        if (state.status === 'reserved') {
          if (state.personId === personId) return [];
          throw conflict('PERSON_EMAIL_TAKEN', `${email} belongs to another person`, {
            personId: state.personId,
          });
        }
        return [{ type: 'PersonEmailReserved', data: { email, personId, reservedAt: command.meta.now } }];
      case 'ReleasePersonEmail':
        if (state.status !== 'reserved' || state.personId !== personId) return [];
        return [{ type: 'PersonEmailReleased', data: { email, personId, releasedAt: command.meta.now } }];
      default:
        return assertNever(command);
    }
  },
};
