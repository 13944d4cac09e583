import { z } from 'zod';
import {
  maxNotesLength,
  maxPhoneLength,
  minPhoneLength,
  type PersonCommand,
  type PersonState,
  personDecider,
  personEmailDecider,
  phonePattern,
} from '../../domain/person/index.js';
import { normalizeEmail } from '../../domain/shared/index.js';
import { type CommandDefinition, type CommandDeps, defineCommand } from '../command-definition.js';
import { type CommandEnvelope, type CommandResult, contextOf } from '../command-envelope.js';
import { payload } from '../command-schemas.js';
import { heldDevices } from '../device/custody.js';
import { sendReservation, withEmailReservation } from '../email-reservation.js';
import { keyIdFor } from '../event-id.js';
import { handleCommand, loadAggregate } from '../handle-command.js';
import { personStream } from '../streams.js';

const { name, money, email, text } = payload;
/** A work phone number in the shape the domain accepts (domain/person/person-optional-details.ts). */
const phone = z
  .string()
  .trim()
  .min(minPhoneLength)
  .max(maxPhoneLength)
  .regex(new RegExp(phonePattern, 'u'), 'not a phone number: digits, spaces, a leading + and - ( ) . /');
/** Free text about the person; blank notes are none. */
const notes = text(maxNotesLength);

/** The reservation stream of an e-mail address within a tenant. */
export const personEmailStream = (tenantId: string, email: string) =>
  `person_email-${keyIdFor('email', tenantId, normalizeEmail(email))}`;

const personId = z.uuid();
/** The client's manager keeps the staff list; the IT team may do it for them. */
const staff = ['client_manager', 'technician', 'msp_admin'] as const;
/** Accesses and departures are the IT team's work, usually steps of an onboarding or offboarding. */
const itTeam = ['technician', 'msp_admin'] as const;

/** Runs a person-stream command through the decider. */
const onPerson = (deps: CommandDeps, envelope: CommandEnvelope, command: Omit<PersonCommand, 'meta'>) =>
  handleCommand(
    deps.store,
    personDecider,
    personStream(command.data.personId),
    { ...command, meta: contextOf(envelope) } as PersonCommand,
    envelope,
  );

/** Whether the decider would record events for the command (false when it refuses). */
const decidesEvents = (command: PersonCommand, state: PersonState) => {
  try {
    return personDecider.decide(command, state).length > 0;
  } catch {
    return false;
  }
};

/** Whether the person is registered, in this tenant, with this very address. */
const registeredWith = async (deps: CommandDeps, envelope: CommandEnvelope, id: string, address: string) => {
  const { state } = await loadAggregate(deps.store, personStream(id), personDecider, envelope.tenantId);
  return state.status !== 'unregistered' && state.person.email === normalizeEmail(address);
};

/**
 * Registers a person after reserving their e-mail address within the tenant. A reservation made for a
 * registration that then fails is released, unless the person already holds that address (the same
 * person registered again must not lose it); the same command sent again resumes where it stopped.
 */
export const registerPerson = defineCommand({
  type: 'RegisterPerson',
  schema: z.strictObject({
    personId,
    name,
    email,
    department: name,
    costCentre: name,
    plannedStart: z.iso.date(),
    phone: phone.optional(),
    notes: notes.optional(),
  }),
  roles: staff,
  async run(deps, input, envelope): Promise<CommandResult> {
    return withEmailReservation(
      deps,
      envelope,
      {
        decider: personEmailDecider,
        stream: personEmailStream(envelope.tenantId, input.email),
        email: input.email,
        ownerId: input.personId,
      },
      () => onPerson(deps, envelope, { type: 'RegisterPerson', data: input }),
      () => registeredWith(deps, envelope, input.personId, input.email),
    );
  },
});

/**
 * An omitted field keeps its value; `phone: null` and `notes: null` remove them. The e-mail address cannot
 * change here: it would need registration's uniqueness check again.
 */
export const changePersonDetails = defineCommand({
  type: 'ChangePersonDetails',
  schema: z.strictObject({
    personId,
    name: name.optional(),
    department: name.optional(),
    costCentre: name.optional(),
    phone: phone.nullable().optional(),
    notes: notes.nullable().optional(),
  }),
  roles: staff,
  run: (deps, data, envelope) => onPerson(deps, envelope, { type: 'ChangePersonDetails', data }),
});

export const startPerson = defineCommand({
  type: 'StartPerson',
  schema: z.strictObject({ personId }),
  roles: staff,
  run: (deps, data, envelope) => onPerson(deps, envelope, { type: 'StartPerson', data }),
});

export const startOffboarding = defineCommand({
  type: 'StartOffboarding',
  schema: z.strictObject({ personId, processId: z.uuid() }),
  roles: itTeam,
  run: (deps, data, envelope) => onPerson(deps, envelope, { type: 'StartOffboarding', data }),
});

/** A person departs only once they hold no device; which devices they hold is read from the device side. */
export const departPerson = defineCommand({
  type: 'DepartPerson',
  schema: z.strictObject({ personId, processId: z.uuid().optional() }),
  roles: itTeam,
  run: async (deps, data, envelope) =>
    onPerson(deps, envelope, {
      type: 'DepartPerson',
      data: { ...data, heldDeviceIds: await heldDevices(deps.store, envelope.tenantId, data.personId) },
    }),
});

export const grantAccess = defineCommand({
  type: 'GrantAccess',
  schema: z.strictObject({ personId, accessId: z.uuid(), system: name, monthlyCost: money }),
  roles: itTeam,
  run: (deps, data, envelope) => onPerson(deps, envelope, { type: 'GrantAccess', data }),
});

export const revokeAccess = defineCommand({
  type: 'RevokeAccess',
  schema: z.strictObject({ personId, accessId: z.uuid() }),
  roles: itTeam,
  run: (deps, data, envelope) => onPerson(deps, envelope, { type: 'RevokeAccess', data }),
});

/**
 * Erasing personal data is the client's decision as data controller ("You decide. We execute."): its
 * manager may send it, and the IT team's administrator on the client's instruction; not a technician, whose
 * work never needs it. Only the event is recorded here: the event store deletes the person's key once it is
 * stored (event-store/personal-data.ts), and again whenever the event is read, so a deletion that failed
 * after the append is completed by the projector or by this command sent again.
 */
export const erasePersonalData = defineCommand({
  type: 'ErasePersonalData',
  schema: z.strictObject({ personId, reason: name }),
  roles: ['client_manager', 'msp_admin'],
  async run(deps, data, envelope) {
    // The erased person's address is free for someone new (a returning employee, say). It is released first,
    // while the person's data can still be read to find its reservation, and only when the erasure will be
    // recorded; a crash in between leaves the address released and the same command sent again erases.
    const { state } = await loadAggregate(
      deps.store,
      personStream(data.personId),
      personDecider,
      envelope.tenantId,
    );
    const erasure = { type: 'ErasePersonalData', data, meta: contextOf(envelope) } as PersonCommand;
    if (state.status === 'departed' && state.erasedAt === null && decidesEvents(erasure, state)) {
      await sendReservation(
        deps,
        envelope,
        {
          decider: personEmailDecider,
          stream: personEmailStream(envelope.tenantId, state.person.email),
          email: state.person.email,
          ownerId: data.personId,
        },
        'Release',
      );
    }
    return onPerson(deps, envelope, { type: 'ErasePersonalData', data });
  },
});

/** Every person command, for the write API and the process manager. */
export const personCommands: CommandDefinition<unknown>[] = [
  registerPerson,
  changePersonDetails,
  startPerson,
  startOffboarding,
  departPerson,
  grantAccess,
  revokeAccess,
  erasePersonalData,
];
