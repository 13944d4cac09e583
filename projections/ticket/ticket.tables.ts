import type { ColumnType } from 'kysely';
import type { CommentVisibility } from '../../domain/ticket/index.js';

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

/**
 * What a ticket's text is: the description it was opened with, a comment, or the text a status change
 * carries (what the IT team waits for, how it was resolved, why it was reopened).
 */
export const ticketCommentKinds = [
  'description',
  'comment',
  'waiting_reason',
  'resolution',
  'reopen_reason',
] as const;
export type TicketCommentKind = (typeof ticketCommentKinds)[number];

/**
 * One row per text written on a ticket: its conversation, shown in time order on the ticket card. Only a
 * `comment` can be `internal` (for the IT team and auditors); the other kinds are what the requester reads
 * too. Rows are only ever added: the domain has no event that edits or deletes a comment.
 */
export interface TicketCommentsTable {
  tenant_id: string;
  ticket_id: string;
  /**
   * The comment's id; for the other kinds, the id of the event that carries the text. A comment id the log
   * holds twice on one ticket (a client sending the same comment again under a new command) is shown once.
   */
  comment_id: string;
  kind: TicketCommentKind;
  visibility: CommentVisibility;
  body: string;
  /** Who wrote it (the event's actor) and in which role; null for an event recorded without an actor. */
  author_id: string | null;
  author_role: string | null;
  commented_at: Instant;
  /** The event's place in the log: orders texts written at the same instant. */
  checkpoint: string;
}

/**
 * One row per work log entry of a ticket: who worked on it, how long, whether it is billed, and the note.
 * Only ever added, as the log has no event that changes or cancels an entry; a work log id the log holds
 * twice on one ticket is shown once.
 */
export interface TicketWorkLogsTable {
  tenant_id: string;
  ticket_id: string;
  work_log_id: string;
  /** The account that logged the work (the event's `technicianId`, its actor). */
  technician_id: string;
  technician_role: string | null;
  minutes: number;
  billable: boolean;
  note: string;
  logged_at: Instant;
  checkpoint: string;
}

export interface TicketTables {
  ticket_list: TicketListTable;
  ticket_comments: TicketCommentsTable;
  ticket_work_logs: TicketWorkLogsTable;
}
