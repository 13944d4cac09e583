import type { ColumnType } from 'kysely';

type Instant = ColumnType<Date, string, string>;
type NullableInstant = ColumnType<Date | null, string | null, string | null>;

/**
 * One row per ticket, as much of it as the workload needs: who holds it, whether it is still open, and
 * who resolved it and when, against the resolution due time.
 *
 * The SLA rule is the ticket projection's: `resolution_due_at` = opened + resolution target + every finished
 * pause (waiting for the client); a resolution at or before it met the SLA. Reopening clears the resolution
 * and keeps the due time, so a ticket counts once, for whoever resolved it last.
 */
export interface WorkloadTicketsTable {
  tenant_id: string;
  ticket_id: string;
  assignee_id: string | null;
  /** open (new, in progress or waiting for the client), resolved, closed. */
  status: string;
  resolution_due_at: Instant;
  resolved_at: NullableInstant;
  /** The account that resolved the ticket (the event's actor); null while it is not resolved. */
  resolved_by: string | null;
}

/** One row per process task someone has started and not yet completed or skipped, in a running process. */
export interface WorkloadTasksTable {
  tenant_id: string;
  process_id: string;
  step_key: string;
  /** Who started the step: `startedBy` of ProcessStepStarted. */
  technician_id: string;
  started_at: Instant;
}

/** Minutes a technician logged on the tenant's tickets in one ISO week ('YYYY-Www', by UTC). */
export interface WorkloadMinutesTable {
  tenant_id: string;
  technician_id: string;
  week: string;
  minutes: ColumnType<number, number, number>;
  billable_minutes: ColumnType<number, number, number>;
}

export interface WorkloadTables {
  workload_tickets: WorkloadTicketsTable;
  workload_tasks: WorkloadTasksTable;
  workload_minutes: WorkloadMinutesTable;
}
