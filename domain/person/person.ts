import { assertNever, type Money } from '../shared/index.js';
import type { OptionalPersonDetails, PersonDetails, PersonEvent } from './person-events.js';

/** One account or licence of a person; a revoked access stays on record for costs and history. */
export interface PersonAccess {
  accessId: string;
  system: string;
  monthlyCost: Money;
  grantedAt: string;
  revokedAt: string | null;
}

interface Known {
  person: PersonDetails;
  accesses: PersonAccess[];
}

/**
 * A person's employment with their accesses. Only a leaving person has an offboarding process, whose id
 * the departure must name.
 */
export type PersonState =
  | { status: 'unregistered' }
  | ({ status: 'planned' } & Known)
  | ({ status: 'active' } & Known)
  | ({ status: 'leaving'; processId: string } & Known)
  | ({ status: 'departed'; erasedAt: string | null } & Known);

export type RegisteredPersonState = Exclude<PersonState, { status: 'unregistered' }>;

export const initialPersonState: PersonState = { status: 'unregistered' };

/** Accesses not revoked yet. */
export const activeAccesses = (state: RegisteredPersonState): PersonAccess[] =>
  state.accesses.filter((access) => access.revokedAt === null);

const known = (state: PersonState): RegisteredPersonState => {
  if (state.status === 'unregistered') throw new Error('Event applied to a person who was never registered');
  return state;
};

const knownOf = (state: PersonState): Known => {
  const { person, accesses } = known(state);
  return { person, accesses };
};

/** The details with the optional ones an event records: a value sets, null removes, absent keeps. */
const withOptional = (person: PersonDetails, { phone, notes }: OptionalPersonDetails): PersonDetails => {
  const next = { ...person };
  if (phone === null) delete next.phone;
  else if (phone !== undefined) next.phone = phone;
  if (notes === null) delete next.notes;
  else if (notes !== undefined) next.notes = notes;
  return next;
};

export const evolvePerson = (state: PersonState, event: PersonEvent): PersonState => {
  switch (event.type) {
    case 'PersonRegistered': {
      const { registeredAt: _, phone, notes, ...person } = event.data;
      return { status: 'planned', person: withOptional(person, { phone, notes }), accesses: [] };
    }
    case 'PersonDetailsChanged': {
      const current = known(state);
      const { name, department, costCentre, phone, notes } = event.data;
      return {
        ...current,
        person: withOptional({ ...current.person, name, department, costCentre }, { phone, notes }),
      };
    }
    case 'PersonStarted':
      return { status: 'active', ...knownOf(state) };
    case 'PersonOffboardingStarted':
      return { status: 'leaving', processId: event.data.processId, ...knownOf(state) };
    case 'PersonDeparted':
      return { status: 'departed', erasedAt: null, ...knownOf(state) };
    case 'PersonalDataErased': {
      // The events before it now read with placeholders, so `person` already holds them after a replay.
      return { status: 'departed', erasedAt: event.data.erasedAt, ...knownOf(state) };
    }
    case 'AccessGranted': {
      const current = known(state);
      const { accessId, system, monthlyCost, grantedAt } = event.data;
      return {
        ...current,
        accesses: [...current.accesses, { accessId, system, monthlyCost, grantedAt, revokedAt: null }],
      };
    }
    case 'AccessRevoked': {
      const current = known(state);
      const { accessId, revokedAt } = event.data;
      return {
        ...current,
        accesses: current.accesses.map((access) =>
          access.accessId === accessId ? { ...access, revokedAt } : access,
        ),
      };
    }
    default:
      return assertNever(event);
  }
};
