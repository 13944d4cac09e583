import { deviceKinds } from '../device/index.js';
import { type EventSchema, schemaParts as s } from '../shared/index.js';
import {
  currencyPattern,
  maxTicketReopenWindowDays,
  maxTimeZoneLength,
  slaPriorities,
  timeZonePattern,
} from './organization-events.js';

const positiveInteger = { type: 'integer', minimum: 1 };
const currency = { type: 'string', pattern: currencyPattern };
const timeZone = { type: 'string', maxLength: maxTimeZoneLength, pattern: timeZonePattern };
const slaTarget = s.object({ firstResponseMinutes: positiveInteger, resolutionMinutes: positiveInteger });
const slaPolicy = s.object(Object.fromEntries(slaPriorities.map((priority) => [priority, slaTarget])));
// Every kind is optional: a kind left out is never due for replacement.
const replacementAgeMonths = s.object(
  Object.fromEntries(deviceKinds.map((kind) => [kind, positiveInteger])),
  [...deviceKinds],
);
const ticketReopenWindowDays = { type: 'integer', minimum: 0, maximum: maxTicketReopenWindowDays };

/** JSON Schemas of every organization event's data, by version. */
export const organizationEventSchemas: EventSchema[] = [
  {
    type: 'OrganizationRegistered',
    version: 1,
    schema: s.object({
      organizationId: s.id,
      name: s.name,
      defaultCurrency: currency,
      timeZone,
      slaPolicy,
      labourRate: s.money,
      replacementAgeMonths,
      ticketReopenWindowDays,
      registeredAt: s.instant,
    }),
  },
  {
    type: 'OrganizationRenamed',
    version: 1,
    schema: s.object({ organizationId: s.id, name: s.name, renamedAt: s.instant }),
  },
  {
    type: 'OrganizationTimeZoneChanged',
    version: 1,
    schema: s.object({ organizationId: s.id, timeZone, changedAt: s.instant }),
  },
  {
    type: 'OrganizationSlaPolicyChanged',
    version: 1,
    schema: s.object({ organizationId: s.id, slaPolicy, changedAt: s.instant }),
  },
  {
    type: 'OrganizationLabourRateChanged',
    version: 1,
    schema: s.object({ organizationId: s.id, labourRate: s.money, changedAt: s.instant }),
  },
  {
    type: 'OrganizationReplacementPolicyChanged',
    version: 1,
    schema: s.object({ organizationId: s.id, replacementAgeMonths, changedAt: s.instant }),
  },
  {
    type: 'OrganizationTicketReopenWindowChanged',
    version: 1,
    schema: s.object({ organizationId: s.id, ticketReopenWindowDays, changedAt: s.instant }),
  },
];
