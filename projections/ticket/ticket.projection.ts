import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { RowStore, StoredRow } from '../row-store.js';
import type { TicketTables } from './ticket.tables.js';
import { appendHistory, historyEvents, migrateHistory } from './ticket-history.js';

const handled = [
  'TicketOpened',
  'TicketFirstResponded',
  'TicketWorkStarted',
  'TicketWaitingForClient',
  'TicketResumed',
  'TicketResolved',
  'TicketReopened',
  'TicketClosed',
  'TicketAssigned',
  'TicketWorkLogged',
  'TicketCommented',
] as const;

type Handled = (typeof handled)[number];
/** Events that change the ticket's row; a comment does not (not even `updated_at`: it may be internal). */
type RowChange = Exclude<Handled, 'TicketOpened' | 'TicketCommented'>;
const inHistory = new Set<string>(historyEvents);
type Data = Record<string, unknown> & { ticketId: string };
type Ticket = StoredRow<TicketTables['ticket_list']>;
type Changes = Partial<Ticket>;

const minuteMs = 60_000;
const plusMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * minuteMs).toISOString();

/** The row changes an event makes (a `RowChange`); every time comes from the event itself. */
const changesOf = (type: RowChange, d: Record<string, unknown>, row: Ticket): Changes => {
  switch (type) {
    case 'TicketFirstResponded':
      // Recorded once by the domain; the first is kept should the log ever say it twice.
      return { first_responded_at: row.first_responded_at ?? (d.respondedAt as string) };
    case 'TicketWorkStarted':
      return { status: 'in_progress' };
    case 'TicketWaitingForClient':
      return { status: 'waiting_for_client', paused_since: d.pausedAt as string };
    case 'TicketResumed': {
      // The event carries its own pause, so the row needs no memory of when it started.
      const pausedMs = Date.parse(d.resumedAt as string) - Date.parse(d.pausedAt as string);
      return {
        status: 'in_progress',
        paused_since: null,
        paused_minutes: Number(row.paused_minutes) + pausedMs / minuteMs,
        resolution_due_at: new Date(Date.parse(row.resolution_due_at) + pausedMs).toISOString(),
      };
    }
    case 'TicketResolved':
      return { status: 'resolved', resolved_at: d.resolvedAt as string };
    case 'TicketReopened':
      // The SLA clock runs on from where it was: the due time stays, the time spent resolved counts.
      return { status: 'in_progress', resolved_at: null };
    case 'TicketClosed':
      return { status: 'closed', closed_at: d.closedAt as string };
    case 'TicketAssigned':
      return { assignee_id: d.assigneeId as string };
    case 'TicketWorkLogged': {
      const minutes = d.minutes as number;
      return {
        minutes_logged: Number(row.minutes_logged) + minutes,
        billable_minutes: Number(row.billable_minutes) + (d.billable ? minutes : 0),
      };
    }
  }
};

/** When the event happened by the domain's clock: its `…At` field. */
const occurredAt = (event: RecordedEvent): string => {
  const at = Object.entries(event.data).find(
    ([key, value]) => key.endsWith('At') && key !== 'pausedAt' && typeof value === 'string',
  );
  return (
    (at?.[1] as string | undefined) ??
    (event.data.pausedAt as string | undefined) ??
    event.recordedAt.toISOString()
  );
};

/**
 * The ticket list and card with the SLA clock (targets, due times, pauses, minutes of work), and each
 * ticket's conversation and work log (`ticket-history.ts`).
 */
export const ticketProjection: Projection<TicketTables> = {
  name: 'tickets',
  version: 2,
  tables: ['ticket_list', 'ticket_comments', 'ticket_work_logs'],
  handles: handled,
  rows: {
    ticket_list: { key: ['tenant_id', 'ticket_id'] },
    ticket_comments: { key: ['tenant_id', 'ticket_id', 'comment_id'], appendOnly: true },
    ticket_work_logs: { key: ['tenant_id', 'ticket_id', 'work_log_id'], appendOnly: true },
  },
  needs: (event) =>
    event.type === 'TicketOpened' || event.type === 'TicketCommented'
      ? []
      : [
          {
            table: 'ticket_list',
            key: { tenant_id: event.metadata.tenantId as string, ticket_id: event.data.ticketId as string },
          },
        ],

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('ticket_list')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('requester_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text')
      .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
      .addColumn('first_responded_at', 'timestamptz')
      .addColumn('resolved_at', 'timestamptz')
      .addColumn('closed_at', 'timestamptz')
      .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
      .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
      .addColumn('first_response_due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('resolution_due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('paused_minutes', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('paused_since', 'timestamptz')
      .addColumn('minutes_logged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('billable_minutes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('ticket_list_pkey', ['tenant_id', 'ticket_id'])
      .execute();
    await db.schema
      .createIndex('ticket_list_tenant_due')
      .ifNotExists()
      .on('ticket_list')
      .columns(['tenant_id', 'resolution_due_at', 'ticket_id'])
      .execute();
    await db.schema
      .createIndex('ticket_list_tenant_status_due')
      .ifNotExists()
      .on('ticket_list')
      .columns(['tenant_id', 'status', 'resolution_due_at', 'ticket_id'])
      .execute();
    await db.schema
      .createIndex('ticket_list_tenant_assignee')
      .ifNotExists()
      .on('ticket_list')
      .columns(['tenant_id', 'assignee_id'])
      .execute();
    await db.schema
      .createIndex('ticket_list_tenant_requester')
      .ifNotExists()
      .on('ticket_list')
      .columns(['tenant_id', 'requester_id'])
      .execute();
    await migrateHistory(db);
  },

  async apply(event: RecordedEvent, rows: RowStore<TicketTables>) {
    const tenantId = event.metadata.tenantId as string;
    const data = event.data as Data;
    const at = occurredAt(event);
    const type = event.type as Handled;
    if (inHistory.has(type)) appendHistory(event, at, rows);
    if (type === 'TicketCommented') return;
    if (type === 'TicketOpened') {
      const sla = data.sla as { firstResponseMinutes: number; resolutionMinutes: number };
      rows.put('ticket_list', {
        tenant_id: tenantId,
        ticket_id: data.ticketId,
        requester_id: data.requesterId as string,
        device_id: (data.deviceId as string | null | undefined) ?? null,
        category: data.category as string,
        priority: data.priority as string,
        title: data.title as string,
        status: 'new',
        assignee_id: null,
        opened_at: at,
        first_responded_at: null,
        resolved_at: null,
        closed_at: null,
        first_response_minutes: sla.firstResponseMinutes,
        resolution_minutes: sla.resolutionMinutes,
        first_response_due_at: plusMinutes(at, sla.firstResponseMinutes),
        resolution_due_at: plusMinutes(at, sla.resolutionMinutes),
        paused_minutes: 0,
        paused_since: null,
        minutes_logged: 0,
        billable_minutes: 0,
        updated_at: at,
      });
      return;
    }
    await rows.update('ticket_list', { tenant_id: tenantId, ticket_id: data.ticketId }, (row) => ({
      ...changesOf(type, data, row),
      updated_at: at,
    }));
  },
};
