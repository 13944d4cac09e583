import { type EventSchema, schemaParts as s } from '../shared/index.js';

const checkpoint = { type: 'string', pattern: '^\\d{20}:\\d{20}$' };
const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };

/** JSON Schemas of the seal events' data, by version. */
export const sealEventSchemas: EventSchema[] = [
  {
    type: 'HistorySealed',
    version: 1,
    schema: s.object({
      tenantId: s.id,
      checkpoint,
      streams: { type: 'integer', minimum: 0 },
      headsHash: sha256,
      sealedAt: s.instant,
    }),
  },
];
