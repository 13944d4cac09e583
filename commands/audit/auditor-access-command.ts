import { z } from 'zod';
import {
  auditAccessStreamOf,
  auditorAccessActions,
  auditorAccessChannels,
  auditorAccessResults,
  decideAuditorAccess,
} from '../../domain/audit/index.js';
import { defineCommand } from '../command-definition.js';
import { eventsOfCommand } from '../handle-command.js';

const count = z.number().int().min(0);

/**
 * Records that someone read the history as an auditor does (verify, export, seal, state or rebuild as of a
 * date), in the tenant's access stream. Sent by the system, not by people: the read API and the audit CLI
 * call it after the access, so it has no write route. The readers of the full history may be recorded.
 * Appended at any revision: no rule reads the earlier accesses, and concurrent readers must not conflict.
 */
export const recordAuditorAccess = defineCommand({
  type: 'RecordAuditorAccess',
  schema: z.strictObject({
    accessId: z.uuid(),
    action: z.enum(auditorAccessActions),
    target: z.string().min(1).max(200),
    asOf: z.iso.datetime({ offset: true }).optional(),
    via: z.enum(auditorAccessChannels),
    result: z.enum(auditorAccessResults),
    events: count.optional(),
    problems: count.optional(),
    detail: z.string().max(500).optional(),
  }),
  roles: ['auditor', 'msp_admin', 'client_manager'],
  async run({ store }, input, envelope) {
    const stream = auditAccessStreamOf(envelope.tenantId);
    const events = decideAuditorAccess({
      type: 'RecordAuditorAccess',
      data: {
        accessId: input.accessId,
        tenantId: envelope.tenantId,
        action: input.action,
        target: input.target,
        ...(input.asOf === undefined ? {} : { asOf: new Date(input.asOf).toISOString() }),
        via: input.via,
        result: input.result,
        ...(input.events === undefined ? {} : { events: input.events }),
        ...(input.problems === undefined ? {} : { problems: input.problems }),
        ...(input.detail === undefined ? {} : { detail: input.detail }),
        accessedAt: envelope.now,
      },
    });
    const newEvents = eventsOfCommand(envelope, events);
    // The event id comes from the command id: a repeated command appends nothing (the store's idempotency).
    const result = await store.appendToStream(stream, newEvents, { expectedRevision: 'any' });
    return {
      stream,
      revision: result.nextExpectedRevision,
      checkpoint: result.checkpoint,
      eventTypes: events.map((event) => event.type),
      events: newEvents.map(({ type, data }) => ({ type, data })),
    };
  },
});
