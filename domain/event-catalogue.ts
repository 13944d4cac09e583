import { deviceEventSchemas, deviceEventUpcasters } from './device/index.js';
import type { EventSchema, EventUpcaster } from './shared/index.js';

/** Every event type the domain records, with each stored version's schema. */
export const eventSchemas: EventSchema[] = [...deviceEventSchemas];

/** How old versions become current on read. */
export const eventUpcasters: EventUpcaster[] = [...deviceEventUpcasters];
