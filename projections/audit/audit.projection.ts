import type { Kysely } from 'kysely';
import { eventSchemas } from '../../domain/event-catalogue.js';
import { personalDataCatalogue } from '../../domain/person/personal-data.js';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { RowStore } from '../row-store.js';
import type { AuditTables } from './audit.tables.js';

/** Every event type of the catalogue, once (each version has its own schema entry). */
const everyType = [...new Set(eventSchemas.map((schema) => schema.type))];

/**
 * Secrets an event carries for the write side's use, shown to no reader: the audit log keeps that the
 * password was set or a token issued, by whom and when, not the hash. (No version bump for `tokenHash`: the
 * log held no event carrying it before, since the event store refuses types it has no schema for.)
 */
const secretFields = new Set(['passwordHash', 'tokenHash']);
/**
 * Personal data (domain/person/personal-data.ts) is kept out as well: the log is an append-only copy that an
 * erasure could not reach, while the person card and a replay of the events show it until then.
 */
const withoutSecrets = (type: string, data: Record<string, unknown>) => {
  const personal = new Set(personalDataCatalogue.events[type]?.fields ?? []);
  const hidden = (key: string) => secretFields.has(key) || personal.has(key);
  return Object.keys(data).some(hidden)
    ? Object.fromEntries(
        Object.entries(data).map(([key, value]) => [
          key,
          secretFields.has(key) ? '[redacted]' : personal.has(key) ? '[personal]' : value,
        ]),
      )
    : data;
};

/** The audit log: one row per event, as recorded, with who did it. */
export const auditProjection: Projection<AuditTables> = {
  name: 'audit-log',
  version: 3,
  tables: ['audit_log'],
  handles: everyType,
  rows: { audit_log: { key: ['tenant_id', 'checkpoint'], appendOnly: true } },

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_log')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('checkpoint', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('stream_name', 'text', (c) => c.notNull())
      .addColumn('stream_revision', 'bigint', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_role', 'text')
      .addColumn('correlation_id', 'text')
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_log_pkey', ['tenant_id', 'checkpoint'])
      .execute();
    for (const column of ['stream_name', 'event_type', 'actor_id', 'recorded_at'] as const) {
      await db.schema
        .createIndex(`audit_log_tenant_${column}`)
        .ifNotExists()
        .on('audit_log')
        .columns(['tenant_id', column, 'checkpoint'])
        .execute();
    }
  },

  async apply(event: RecordedEvent, rows: RowStore<AuditTables>) {
    const tenantId = event.metadata.tenantId;
    // Every command writes a tenant; an event without one belongs to no tenant's log and cannot be shown.
    if (typeof tenantId !== 'string') return;
    const actor = event.metadata.actor as { id?: string; role?: string } | undefined;
    const correlationId = event.metadata.correlationId;
    rows.append('audit_log', {
      tenant_id: tenantId,
      checkpoint: event.checkpoint,
      event_id: event.id,
      stream_name: event.streamName,
      stream_revision: Number(event.streamRevision),
      event_type: event.type,
      actor_id: actor?.id ?? null,
      actor_role: actor?.role ?? null,
      correlation_id: typeof correlationId === 'string' ? correlationId : null,
      recorded_at: event.recordedAt.toISOString(),
      data: withoutSecrets(event.type, event.data),
    });
  },
};
