import type { CommandContext } from './actor.js';
import { assertNever, type Decider, type DomainEvent } from './decider.js';
import { conflict, ruleBroken } from './domain-error.js';
import { type EventSchema, type JsonSchema, schemaParts as s } from './event-schema.js';

/**
 * A sane, lower-case e-mail address: dot-separated local part, a domain of at least two labels and a
 * letter-only top-level domain. Deliberately narrower than RFC 5321, and within ajv's `email` format.
 */
export const emailPattern =
  "^[a-z0-9_%+'-]+(?:\\.[a-z0-9_%+'-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$";
export const maxEmailLength = 254;
const emailShape = new RegExp(emailPattern, 'u');

/** The JSON Schema of an address in an event. */
export const emailSchema: JsonSchema = {
  type: 'string',
  format: 'email',
  maxLength: maxEmailLength,
  pattern: emailPattern,
};

/** The address as it is compared: e-mail addresses are matched ignoring case and outer spaces. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The address normalized, or a broken rule with `code` when it is not one. */
export const validEmail = (email: string, code: string) => {
  const normalized = normalizeEmail(email);
  if (normalized.length > maxEmailLength || !emailShape.test(normalized)) {
    throw ruleBroken(code, `${email} is not an e-mail address`);
  }
  return normalized;
};

type Owned<Owner extends string, Data> = Data & { [K in Owner]: string };

/** The events of an address's reservation stream, e.g. `PersonEmailReserved { email, personId, reservedAt }`. */
export type EmailReservationEvent<Prefix extends string, Owner extends string> =
  | DomainEvent<`${Prefix}EmailReserved`, Owned<Owner, { email: string; reservedAt: string }>>
  | DomainEvent<`${Prefix}EmailReleased`, Owned<Owner, { email: string; releasedAt: string }>>;

export type EmailReservationState<Owner extends string> =
  | { status: 'free' }
  | Owned<Owner, { status: 'reserved' }>;

export interface EmailReservationCommand<Prefix extends string, Owner extends string> {
  type: `Reserve${Prefix}Email` | `Release${Prefix}Email`;
  data: Owned<Owner, { email: string }>;
  meta: CommandContext;
}

export interface EmailReservationDecider<Prefix extends string, Owner extends string>
  extends Decider<
    EmailReservationCommand<Prefix, Owner>,
    EmailReservationState<Owner>,
    EmailReservationEvent<Prefix, Owner>
  > {
  prefix: Prefix;
  /** The field naming who holds the address, e.g. `personId`. */
  owner: Owner;
}

/**
 * The uniqueness of an e-mail address among the owners of one kind (people of a tenant, accounts of the
 * system). Each address has a reservation stream of its own, so the uniqueness holds across the owners'
 * streams and under concurrent writers on any event store: two owners racing for one address both append
 * to the same stream, and only one append can win. Reserving again for the holder, or releasing for
 * someone else, records nothing.
 */
export const emailReservationDecider = <Prefix extends string, Owner extends string>(options: {
  prefix: Prefix;
  owner: Owner;
  /** The conflict's code when another owner holds the address, e.g. `PERSON_EMAIL_TAKEN`. */
  takenCode: string;
  /** What an owner is called in messages, e.g. `person`. */
  noun: string;
}): EmailReservationDecider<Prefix, Owner> => {
  type Event = EmailReservationEvent<Prefix, Owner>;
  type State = EmailReservationState<Owner>;
  const { prefix, owner } = options;
  const reserved = `${prefix}EmailReserved`;
  const released = `${prefix}EmailReleased`;
  // The owner's field has a name chosen by the caller, so it is read and written by that name.
  const ownerOf = (value: object) => (value as Record<string, string>)[owner] as string;
  const event = (type: string, email: string, id: string, atField: string, at: string) =>
    ({ type, data: { email, [owner]: id, [atField]: at } }) as Event;
  return {
    prefix,
    owner,
    initialState: { status: 'free' },
    evolve: (_state, e) => {
      if (e.type === reserved) return { status: 'reserved', [owner]: ownerOf(e.data) } as State;
      if (e.type === released) return { status: 'free' };
      return assertNever(e as never);
    },
    decide: (command, state) => {
      const id = ownerOf(command.data);
      const email = normalizeEmail(command.data.email);
      const holder = state.status === 'reserved' ? ownerOf(state) : undefined;
      if (command.type === `Reserve${prefix}Email`) {
        if (holder === id) return [];
        if (holder !== undefined) {
          throw conflict(options.takenCode, `${email} belongs to another ${options.noun}`, {
            [owner]: holder,
          });
        }
        return [event(reserved, email, id, 'reservedAt', command.meta.now)];
      }
      if (command.type === `Release${prefix}Email`) {
        return holder === id ? [event(released, email, id, 'releasedAt', command.meta.now)] : [];
      }
      return assertNever(command as never);
    },
  };
};

/** The JSON Schemas of a reservation stream's events. */
export const emailReservationEventSchemas = (prefix: string, owner: string): EventSchema[] => [
  {
    type: `${prefix}EmailReserved`,
    version: 1,
    schema: s.object({ email: emailSchema, [owner]: s.id, reservedAt: s.instant }),
  },
  {
    type: `${prefix}EmailReleased`,
    version: 1,
    schema: s.object({ email: emailSchema, [owner]: s.id, releasedAt: s.instant }),
  },
];
