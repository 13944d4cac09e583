import type { ColumnType } from 'kysely';

type Instant = ColumnType<Date, string, string>;
type NullableInstant = ColumnType<Date | null, string | null, string | null>;

/**
 * One row per ticket: what the ticket list, the ticket card and the dashboard show, with the SLA clock.
 *
 * SLA rules kept here (the queries judge them against a given `now`):
 * - `first_response_due_at` = `opened_at` + first-response target. It never pauses: the domain lets a ticket
 *   wait for the client only once work has started, and starting work is itself the first response.
 * - `resolution_due_at` = `opened_at` + resolution target + every finished pause. A running pause (from
 *   `paused_since`) is not in it: the queries add `now - paused_since` to show the live due time, so this
 *   column stays a stable, indexable sort key.
 * - Reopening clears `resolved_at` and does not move the due time: the days spent resolved count against the
 *   SLA, the clock simply runs on from where it was.
 */
export interface TicketListTable {
  tenant_id: string;
  ticket_id: string;
  requester_id: string;
  device_id: string | null;
  category: string;
  priority: string;
  title: string;
  /** new, in_progress, waiting_for_client, resolved, closed. */
  status: string;
  assignee_id: string | null;
  opened_at: Instant;
  first_responded_at: NullableInstant;
  resolved_at: NullableInstant;
  closed_at: NullableInstant;
  /** The SLA targets frozen in TicketOpened. */
  first_response_minutes: number;
  resolution_minutes: number;
  first_response_due_at: Instant;
  resolution_due_at: Instant;
  /** Finished pauses only (waiting for the client), in minutes, fractions kept. */
  paused_minutes: ColumnType<number, number, number>;
  /** Set while the ticket waits for the client: the resolution clock stands still since then. */
  paused_since: NullableInstant;
  minutes_logged: ColumnType<number, number, number>;
  billable_minutes: ColumnType<number, number, number>;
  updated_at: Instant;
}

export interface TicketTables {
  ticket_list: TicketListTable;
}
