import { type EventSchema, schemaParts as s } from '../shared/index.js';
import { auditorAccessActions, auditorAccessChannels, auditorAccessResults } from './access-events.js';

const count = { type: 'integer', minimum: 0 };

/** JSON Schemas of the auditor access events' data, by version. */
export const auditorAccessEventSchemas: EventSchema[] = [
  {
    type: 'AuditorAccessRecorded',
    version: 1,
    schema: s.object(
      {
        accessId: s.id,
        tenantId: s.id,
        action: s.enumOf(auditorAccessActions),
        target: { type: 'string', minLength: 1, maxLength: 200 },
        asOf: s.instant,
        via: s.enumOf(auditorAccessChannels),
        result: s.enumOf(auditorAccessResults),
        events: count,
        problems: count,
        detail: s.text(500),
        accessedAt: s.instant,
      },
      ['asOf', 'events', 'problems', 'detail'],
    ),
  },
];
