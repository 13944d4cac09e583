import type { Kysely } from 'kysely';
import type { CommentVisibility } from '../../domain/ticket/index.js';
import type { RecordedEvent } from '../../event-store/index.js';
import type { RowStore } from '../row-store.js';
import type { TicketCommentKind, TicketTables } from './ticket.tables.js';

/**
 * The events whose text belongs to the ticket's conversation besides comments, and the field holding it.
 * Each is what the requester reads too: the description they wrote, what the IT team waits for from them
 * (the command's doc says the reason is shown to the client), how the ticket was resolved, why it was
 * reopened.
 */
const texts: Readonly<Record<string, { field: string; kind: Exclude<TicketCommentKind, 'comment'> }>> = {
  TicketOpened: { field: 'description', kind: 'description' },
  TicketWaitingForClient: { field: 'reason', kind: 'waiting_reason' },
  TicketResolved: { field: 'resolution', kind: 'resolution' },
  TicketReopened: { field: 'reason', kind: 'reopen_reason' },
};

/** The event types that add to a ticket's conversation or work log. */
export const historyEvents = ['TicketCommented', 'TicketWorkLogged', ...Object.keys(texts)];

const actorOf = (event: RecordedEvent) => event.metadata.actor as { id?: string; role?: string } | undefined;

/**
 * Adds the event's text to the ticket's conversation, or its work to the ticket's work log. `at` is when
 * the event happened by the domain's clock.
 */
export const appendHistory = (event: RecordedEvent, at: string, rows: RowStore<TicketTables>) => {
  const d = event.data;
  const actor = actorOf(event);
  const common = {
    tenant_id: event.metadata.tenantId as string,
    ticket_id: d.ticketId as string,
    checkpoint: event.checkpoint,
  };
  if (event.type === 'TicketCommented') {
    rows.append('ticket_comments', {
      ...common,
      comment_id: d.commentId as string,
      kind: 'comment',
      visibility: d.visibility as CommentVisibility,
      body: d.body as string,
      author_id: d.authorId as string,
      author_role: actor?.role ?? null,
      commented_at: d.commentedAt as string,
    });
    return;
  }
  if (event.type === 'TicketWorkLogged') {
    rows.append('ticket_work_logs', {
      ...common,
      work_log_id: d.workLogId as string,
      technician_id: d.technicianId as string,
      technician_role: actor?.role ?? null,
      minutes: d.minutes as number,
      billable: d.billable as boolean,
      note: d.note as string,
      logged_at: d.loggedAt as string,
    });
    return;
  }
  const text = texts[event.type];
  const body = text ? d[text.field] : undefined;
  // An empty text (a ticket opened without a description) says nothing: it gets no entry.
  if (!text || typeof body !== 'string' || body.trim() === '') return;
  rows.append('ticket_comments', {
    ...common,
    comment_id: event.id,
    kind: text.kind,
    visibility: 'public',
    body,
    author_id: actor?.id ?? null,
    author_role: actor?.role ?? null,
    commented_at: at,
  });
};

/** Creates the conversation and work log tables if they are missing (idempotent). */
export const migrateHistory = async (db: Kysely<unknown>) => {
  await db.schema
    .createTable('ticket_comments')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_role', 'text')
    .addColumn('commented_at', 'timestamptz', (c) => c.notNull())
    .addColumn('checkpoint', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_comments_pkey', ['tenant_id', 'ticket_id', 'comment_id'])
    .execute();
  await db.schema
    .createTable('ticket_work_logs')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('work_log_id', 'text', (c) => c.notNull())
    .addColumn('technician_id', 'text', (c) => c.notNull())
    .addColumn('technician_role', 'text')
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('billable', 'boolean', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('logged_at', 'timestamptz', (c) => c.notNull())
    .addColumn('checkpoint', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_work_logs_pkey', ['tenant_id', 'ticket_id', 'work_log_id'])
    .execute();
};
