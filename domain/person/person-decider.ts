import {
  assertMoney,
  assertNever,
  conflict,
  type Decider,
  notFound,
  ruleBroken,
  validEmail,
} from '../shared/index.js';
import type { PersonState, RegisteredPersonState } from './person.js';
import { activeAccesses, evolvePerson, initialPersonState } from './person.js';
import type { PersonCommand } from './person-commands.js';
import type { PersonEvent } from './person-events.js';
import { validNotes, validPhone } from './person-optional-details.js';

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const maxTextLength = 200;

const registered = (state: PersonState, personId: string): RegisteredPersonState => {
  if (state.status === 'unregistered')
    throw notFound('PERSON_NOT_FOUND', `Person ${personId} does not exist`);
  return state;
};

const notDeparted = (state: PersonState, personId: string) => {
  const person = registered(state, personId);
  if (person.status === 'departed') {
    throw ruleBroken('PERSON_DEPARTED', `Person ${personId} has departed: nothing more can happen to them`);
  }
  return person;
};

/** A trimmed, non-empty text of at most 200 characters (names, departments, systems). */
const validText = (value: string, code: string, what: string) => {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > maxTextLength) {
    throw ruleBroken(code, `${what} has 1 to ${maxTextLength} characters`);
  }
  return trimmed;
};

/** A real calendar date written YYYY-MM-DD (no 2026-02-30). */
const validDate = (value: string) => {
  const [, year, month, day] = isoDate.exec(value)?.map(Number) ?? [];
  const leap = year !== undefined && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month ?? 0) ? 30 : 31;
  if (month === undefined || day === undefined || month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    throw ruleBroken('PERSON_PLANNED_START_INVALID', `${value} is not a date (YYYY-MM-DD)`);
  }
  return value;
};

const sameSystem = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The rules of a person's employment and accesses (DESIGN.md, "The domain"). */
export const decidePerson = (command: PersonCommand, state: PersonState): PersonEvent[] => {
  const { now } = command.meta;
  switch (command.type) {
    case 'RegisterPerson': {
      const d = command.data;
      if (state.status !== 'unregistered') {
        throw ruleBroken('PERSON_ALREADY_REGISTERED', `Person ${d.personId} is already registered`);
      }
      const phone = d.phone === undefined ? undefined : validPhone(d.phone);
      const notes = d.notes === undefined ? undefined : validNotes(d.notes);
      return [
        {
          type: 'PersonRegistered',
          data: {
            personId: d.personId,
            name: validText(d.name, 'PERSON_NAME_INVALID', 'A name'),
            email: validEmail(d.email, 'PERSON_EMAIL_INVALID'),
            department: validText(d.department, 'PERSON_DEPARTMENT_INVALID', 'A department'),
            costCentre: validText(d.costCentre, 'PERSON_COST_CENTRE_INVALID', 'A cost centre'),
            plannedStart: validDate(d.plannedStart),
            // Only what was given: the event holds no more personal data than the person has.
            ...(phone === undefined ? {} : { phone }),
            ...(notes === undefined ? {} : { notes }),
            registeredAt: now,
          },
        },
      ];
    }
    case 'ChangePersonDetails': {
      const d = command.data;
      const { person } = notDeparted(state, d.personId);
      const name = d.name === undefined ? person.name : validText(d.name, 'PERSON_NAME_INVALID', 'A name');
      const department =
        d.department === undefined
          ? person.department
          : validText(d.department, 'PERSON_DEPARTMENT_INVALID', 'A department');
      const costCentre =
        d.costCentre === undefined
          ? person.costCentre
          : validText(d.costCentre, 'PERSON_COST_CENTRE_INVALID', 'A cost centre');
      // Omitted keeps the value, null removes it (undefined: the person has none).
      const phone = d.phone === undefined ? person.phone : d.phone === null ? undefined : validPhone(d.phone);
      const notes = d.notes === undefined ? person.notes : d.notes === null ? undefined : validNotes(d.notes);
      // Saving the same details again records nothing: an idempotent no-op, like the tenant's settings.
      if (
        name === person.name &&
        department === person.department &&
        costCentre === person.costCentre &&
        phone === person.phone &&
        notes === person.notes
      ) {
        return [];
      }
      return [
        {
          type: 'PersonDetailsChanged',
          data: {
            personId: d.personId,
            name,
            department,
            costCentre,
            // Phone and notes only when they change: moving to another department copies no personal data.
            ...(phone === person.phone ? {} : { phone: phone ?? null }),
            ...(notes === person.notes ? {} : { notes: notes ?? null }),
            changedAt: now,
          },
        },
      ];
    }
    case 'StartPerson': {
      const { personId } = command.data;
      const person = registered(state, personId);
      if (person.status !== 'planned') {
        throw ruleBroken(
          'PERSON_NOT_PLANNED',
          `Person ${personId} is ${person.status}; only a planned person starts`,
          { status: person.status },
        );
      }
      // The instant's UTC date part: `meta.now` is the only clock, and it carries no tenant time zone.
      if (now.slice(0, 10) < person.person.plannedStart) {
        throw ruleBroken(
          'PERSON_START_BEFORE_PLANNED_DATE',
          `Person ${personId} starts on ${person.person.plannedStart}, not before`,
          { plannedStart: person.person.plannedStart },
        );
      }
      return [{ type: 'PersonStarted', data: { personId, startedAt: now } }];
    }
    case 'StartOffboarding': {
      const { personId, processId } = command.data;
      const person = notDeparted(state, personId);
      // The same offboarding asking again (e.g. a process manager's retry) changes nothing.
      if (person.status === 'leaving' && person.processId === processId) return [];
      if (person.status === 'leaving') {
        throw ruleBroken('PERSON_ALREADY_LEAVING', `Person ${personId} is already being offboarded`, {
          processId: person.processId,
        });
      }
      if (person.status !== 'active') {
        throw ruleBroken(
          'PERSON_NOT_ACTIVE',
          `Person ${personId} is ${person.status}; only an active person is offboarded`,
          { status: person.status },
        );
      }
      return [{ type: 'PersonOffboardingStarted', data: { personId, processId, offboardingStartedAt: now } }];
    }
    case 'DepartPerson': {
      const { personId, heldDeviceIds, processId } = command.data;
      const person = notDeparted(state, personId);
      // A leaving person departs as the last step of their offboarding, and of no other process; a planned
      // (offer withdrawn) or active person departs without one.
      const expected = person.status === 'leaving' ? person.processId : undefined;
      if (processId !== expected) {
        throw ruleBroken(
          'PERSON_OFFBOARDING_PROCESS_MISMATCH',
          expected === undefined
            ? `Person ${personId} is not being offboarded`
            : `Person ${personId} is being offboarded by process ${expected}`,
          { expected: expected ?? null, actual: processId ?? null },
        );
      }
      if (heldDeviceIds.length > 0) {
        throw ruleBroken(
          'PERSON_HOLDS_DEVICES',
          `Person ${personId} still holds ${heldDeviceIds.length} device(s)`,
          { deviceIds: heldDeviceIds },
        );
      }
      const accesses = activeAccesses(person);
      if (accesses.length > 0) {
        throw ruleBroken(
          'PERSON_HAS_ACCESSES',
          `Person ${personId} still has ${accesses.length} access(es)`,
          { accesses: accesses.map(({ accessId, system }) => ({ accessId, system })) },
        );
      }
      return [{ type: 'PersonDeparted', data: { personId, processId: expected ?? null, departedAt: now } }];
    }
    case 'GrantAccess': {
      const { personId, accessId, monthlyCost } = command.data;
      const person = registered(state, personId);
      if (person.status === 'leaving' || person.status === 'departed') {
        throw ruleBroken(
          'PERSON_CANNOT_RECEIVE_ACCESS',
          `Person ${personId} is ${person.status} and cannot receive an access`,
          { status: person.status },
        );
      }
      const system = validText(command.data.system, 'ACCESS_SYSTEM_INVALID', 'A system name');
      assertMoney(monthlyCost, 'monthly cost');
      if (person.accesses.some((access) => access.accessId === accessId)) {
        throw conflict('ACCESS_ID_TAKEN', `Access ${accessId} already exists`);
      }
      // One live account per system: a second one would be paid for twice and forgotten at offboarding.
      const existing = activeAccesses(person).find((access) => sameSystem(access.system, system));
      if (existing) {
        throw conflict(
          'ACCESS_ALREADY_GRANTED',
          `Person ${personId} already has access to ${existing.system}`,
          { accessId: existing.accessId },
        );
      }
      return [
        {
          type: 'AccessGranted',
          data: {
            personId,
            accessId,
            system,
            monthlyCost: { amount: monthlyCost.amount, currency: monthlyCost.currency },
            grantedAt: now,
          },
        },
      ];
    }
    case 'RevokeAccess': {
      const { personId, accessId } = command.data;
      const person = registered(state, personId);
      const access = person.accesses.find((candidate) => candidate.accessId === accessId);
      if (!access) {
        throw notFound('ACCESS_NOT_FOUND', `Person ${personId} has no access ${accessId}`);
      }
      if (access.revokedAt !== null) {
        throw ruleBroken('ACCESS_ALREADY_REVOKED', `Access ${accessId} was revoked at ${access.revokedAt}`);
      }
      return [{ type: 'AccessRevoked', data: { personId, accessId, system: access.system, revokedAt: now } }];
    }
    case 'ErasePersonalData': {
      const { personId } = command.data;
      const person = registered(state, personId);
      // Erasure comes after the employment ends: until then the data is needed to run it.
      if (person.status !== 'departed') {
        throw ruleBroken(
          'PERSON_NOT_DEPARTED',
          `Person ${personId} is ${person.status}; only a departed person's data is erased`,
          { status: person.status },
        );
      }
      const reason = validText(command.data.reason, 'ERASURE_REASON_INVALID', 'A reason');
      // Erased already: nothing more to record (a retry still makes the store delete the key, see
      // event-store/personal-data.ts).
      if (person.erasedAt !== null) return [];
      return [{ type: 'PersonalDataErased', data: { personId, reason, erasedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const personDecider: Decider<PersonCommand, PersonState, PersonEvent> = {
  initialState: initialPersonState,
  evolve: evolvePerson,
  decide: decidePerson,
};
