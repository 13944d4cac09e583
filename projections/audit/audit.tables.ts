import type { ColumnType } from 'kysely';

/** One row per recorded event of the tenant, whatever its type: the audit log the auditor reads. */
export interface AuditLogTable {
  tenant_id: string;
  checkpoint: string;
  event_id: string;
  stream_name: string;
  stream_revision: ColumnType<string, number, number>;
  event_type: string;
  /** Null for events recorded without an actor. */
  actor_id: string | null;
  actor_role: string | null;
  correlation_id: string | null;
  recorded_at: ColumnType<Date, string, string | Date>;
  data: Record<string, unknown>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
