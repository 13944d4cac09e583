import {
  type EventSchema,
  emailSchema as email,
  emailReservationEventSchemas,
  schemaParts as s,
} from '../shared/index.js';
import { notesSchema, phoneSchema } from './person-optional-details.js';

/**
 * Optional in both events, so every event stored before they existed stays valid; null where a change removed
 * them and where an erasure hides them (personal-data.ts).
 */
const phone = s.nullable(phoneSchema);
const notes = s.nullable(notesSchema);
const optional = ['phone', 'notes'];

/** JSON Schemas of every person event's data, by version. */
export const personEventSchemas: EventSchema[] = [
  {
    type: 'PersonRegistered',
    version: 1,
    schema: s.object(
      {
        personId: s.id,
        name: s.name,
        email,
        department: s.name,
        costCentre: s.name,
        plannedStart: s.date,
        phone,
        notes,
        registeredAt: s.instant,
      },
      optional,
    ),
  },
  {
    type: 'PersonDetailsChanged',
    version: 1,
    schema: s.object(
      {
        personId: s.id,
        name: s.name,
        department: s.name,
        costCentre: s.name,
        phone,
        notes,
        changedAt: s.instant,
      },
      optional,
    ),
  },
  {
    type: 'PersonStarted',
    version: 1,
    schema: s.object({ personId: s.id, startedAt: s.instant }),
  },
  {
    type: 'PersonOffboardingStarted',
    version: 1,
    schema: s.object({ personId: s.id, processId: s.id, offboardingStartedAt: s.instant }),
  },
  {
    type: 'PersonDeparted',
    version: 1,
    schema: s.object({ personId: s.id, processId: s.nullable(s.id), departedAt: s.instant }),
  },
  {
    type: 'AccessGranted',
    version: 1,
    schema: s.object({
      personId: s.id,
      accessId: s.id,
      system: s.name,
      monthlyCost: s.money,
      grantedAt: s.instant,
    }),
  },
  {
    type: 'AccessRevoked',
    version: 1,
    schema: s.object({ personId: s.id, accessId: s.id, system: s.name, revokedAt: s.instant }),
  },
  {
    type: 'PersonalDataErased',
    version: 1,
    schema: s.object({ personId: s.id, reason: s.name, erasedAt: s.instant }),
  },
];

/**
 * JSON Schemas of the e-mail reservations (person-email.ts), one stream per address of a tenant. A list of
 * their own: they are not events of a person's stream.
 */
export const personEmailEventSchemas = emailReservationEventSchemas('Person', 'personId');
