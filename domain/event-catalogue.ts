import { accountEmailEventSchemas, accountEventSchemas } from './account/index.js';
import { auditorAccessEventSchemas, sealEventSchemas } from './audit/index.js';
import { deviceEventSchemas, deviceEventUpcasters } from './device/index.js';
import { organizationEventSchemas } from './organization/index.js';
import { personEmailEventSchemas, personEventSchemas } from './person/index.js';
import { processEventSchemas, tenantScenarioEventSchemas } from './process/index.js';
import type { EventSchema, EventUpcaster } from './shared/index.js';
import { ticketEventSchemas } from './ticket/index.js';

/** Every event type the domain records, with each stored version's schema. */
export const eventSchemas: EventSchema[] = [
  ...organizationEventSchemas,
  ...personEventSchemas,
  ...personEmailEventSchemas,
  ...deviceEventSchemas,
  ...ticketEventSchemas,
  ...processEventSchemas,
  ...tenantScenarioEventSchemas,
  ...accountEventSchemas,
  ...accountEmailEventSchemas,
  ...sealEventSchemas,
  ...auditorAccessEventSchemas,
];

/** How old versions become current on read. */
export const eventUpcasters: EventUpcaster[] = [...deviceEventUpcasters];
