import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type TicketPriority, ticketPriorities } from '../../domain/ticket/index.js';
import { cursorInstant, decodeCursor as decode, pageLimit, pageOf } from '../pagination.js';
import type { TicketTables } from './ticket.tables.js';

/**
 * Where a ticket stands against its resolution target at a given `now`:
 * - `met` / `breached`: resolved (or closed) before / after its due time; an open ticket past it is breached.
 * - `paused`: waiting for the client, its clock standing still (unless it was already late when it paused).
 * - `at_risk`: still in time, but with less than 20% of the resolution target left. A share of the target
 *   rather than a fixed hour, so it means the same for a 4-hour P1 and a 3-day P4.
 * - `on_track`: everything else.
 */
export type SlaState = 'met' | 'breached' | 'at_risk' | 'on_track' | 'paused';
/** The first response against its target: answered in time or late, or still awaited (`pending`). */
export type FirstResponseState = 'met' | 'breached' | 'pending';
/** The states an open ticket can be in. */
export type OpenSlaState = Exclude<SlaState, 'met'>;

const openSlaStates: readonly OpenSlaState[] = ['on_track', 'at_risk', 'breached', 'paused'];
/** 20% of the resolution target, in seconds: minutes × 60 × 0.2. */
const atRiskSecondsPerTargetMinute = 12;

const instant = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/** The resolution due time as of `now`: a running pause pushes it on by as long as it has lasted. */
export const liveDueSql = (now: Date): RawBuilder<Date> =>
  sql<Date>`case when paused_since is null then resolution_due_at
    else resolution_due_at + (greatest(${instant(now)}, paused_since) - paused_since) end`;

export const slaStateSql = (now: Date): RawBuilder<SlaState> => {
  const t = instant(now);
  return sql<SlaState>`case
    when resolved_at is not null then case when resolved_at <= resolution_due_at then 'met' else 'breached' end
    when paused_since is not null then case when paused_since > resolution_due_at then 'breached' else 'paused' end
    when ${t} > resolution_due_at then 'breached'
    when resolution_due_at - ${t} < make_interval(secs => resolution_minutes * ${atRiskSecondsPerTargetMinute})
      then 'at_risk'
    else 'on_track' end`;
};

const firstResponseStateSql = (now: Date): RawBuilder<FirstResponseState> =>
  sql<FirstResponseState>`case
    when first_responded_at is not null
      then case when first_responded_at <= first_response_due_at then 'met' else 'breached' end
    when ${instant(now)} > first_response_due_at then 'breached'
    else 'pending' end`;

/** Every column of a ticket plus its SLA judged at `now`. */
const ticketsAt = (db: Kysely<TicketTables>, tenantId: string, now: Date) =>
  db
    .selectFrom('ticket_list')
    .selectAll()
    .select([
      slaStateSql(now).as('slaState'),
      firstResponseStateSql(now).as('firstResponseState'),
      liveDueSql(now).as('resolutionDueAt'),
    ])
    .where('tenant_id', '=', tenantId);

/** A ticket in neither of these is open: the dashboard counts it, and `status: 'open'` lists it. */
const doneStatuses = ['resolved', 'closed'];

export interface TicketListFilter {
  /** One status, or `open`: any but resolved and closed. */
  status?: string;
  priority?: string;
  assigneeId?: string;
  requesterId?: string;
  slaState?: SlaState;
  cursor?: string;
  limit?: number;
}

/**
 * The tenant's tickets, most urgent first, a page at a time (keyset). Ordered by `resolution_due_at` then id:
 * the due time without a running pause, which does not drift with `now`, so a cursor stays valid between
 * pages. Each item carries `slaState`, `firstResponseState` and the live `resolutionDueAt` at `now`.
 */
export const listTickets = async (
  db: Kysely<TicketTables>,
  tenantId: string,
  filter: TicketListFilter,
  now: Date,
) => {
  const limit = pageLimit(filter.limit);
  let query = ticketsAt(db, tenantId, now);
  if (filter.status === 'open') query = query.where('status', 'not in', doneStatuses);
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.priority) query = query.where('priority', '=', filter.priority);
  if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
  if (filter.slaState) query = query.where(sql<boolean>`${slaStateSql(now)} = ${filter.slaState}`);
  if (filter.cursor) {
    const [dueAt, ticketId] = decode(filter.cursor) as [string, string];
    query = query.where(
      sql<boolean>`(resolution_due_at, ticket_id) > (${cursorInstant(dueAt)}::timestamptz, ${ticketId})`,
    );
  }
  const rows = await query
    .orderBy('resolution_due_at')
    .orderBy('ticket_id')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (last) => [last.resolution_due_at.toISOString(), last.ticket_id]);
};

/** One ticket of the tenant with its SLA at `now`, or undefined (also for another tenant's ticket). */
export const ticketCard = (db: Kysely<TicketTables>, tenantId: string, ticketId: string, now: Date) =>
  ticketsAt(db, tenantId, now).where('ticket_id', '=', ticketId).executeTakeFirst();

export interface OpenTicketCounts {
  total: number;
  bySlaState: Record<OpenSlaState, number>;
  /** Every priority and state is present, zero when no ticket is in it. */
  byPriority: Record<TicketPriority, Record<OpenSlaState, number>>;
}

const zeros = (): Record<OpenSlaState, number> =>
  Object.fromEntries(openSlaStates.map((state) => [state, 0])) as Record<OpenSlaState, number>;

/** The dashboard's open tickets (neither resolved nor closed) by priority and SLA state at `now`. */
export const openTicketCounts = async (
  db: Kysely<TicketTables>,
  tenantId: string,
  now: Date,
): Promise<OpenTicketCounts> => {
  const open = db
    .selectFrom('ticket_list')
    .select(['priority', slaStateSql(now).as('slaState')])
    .where('tenant_id', '=', tenantId)
    .where('status', 'not in', doneStatuses)
    .as('open');
  const rows = await db
    .selectFrom(open)
    .select(['open.priority', 'open.slaState', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy(['open.priority', 'open.slaState'])
    .execute();
  const counts: OpenTicketCounts = {
    total: 0,
    bySlaState: zeros(),
    byPriority: Object.fromEntries(
      ticketPriorities.map((p) => [p, zeros()]),
    ) as OpenTicketCounts['byPriority'],
  };
  for (const row of rows) {
    const n = Number(row.count);
    const slaState = row.slaState as OpenSlaState;
    counts.total += n;
    counts.bySlaState[slaState] += n;
    const priority = row.priority as TicketPriority;
    const byState = counts.byPriority[priority] ?? zeros();
    byState[slaState] += n;
    counts.byPriority[priority] = byState;
  }
  return counts;
};

/**
 * A ticket's conversation in the order it was written: its description, comments, and the texts its status
 * changes carried (waiting reason, resolution, reopen reason). Internal comments only with `includeInternal`:
 * the caller decides who may read them. An unknown ticket, or another tenant's, has none.
 */
export const ticketComments = (
  db: Kysely<TicketTables>,
  tenantId: string,
  ticketId: string,
  options: { includeInternal: boolean },
) =>
  db
    .selectFrom('ticket_comments')
    .select(['comment_id', 'kind', 'visibility', 'body', 'author_id', 'author_role', 'commented_at'])
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .$if(!options.includeInternal, (query) => query.where('visibility', '=', 'public'))
    .orderBy('commented_at')
    .orderBy('checkpoint')
    .execute();

/** A ticket's work log entries in the order the work was logged: who, how long, billable or not, the note. */
export const ticketWorkLogs = (db: Kysely<TicketTables>, tenantId: string, ticketId: string) =>
  db
    .selectFrom('ticket_work_logs')
    .select(['work_log_id', 'technician_id', 'technician_role', 'minutes', 'billable', 'note', 'logged_at'])
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('logged_at')
    .orderBy('checkpoint')
    .execute();
