import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore } from '../row-store.js';
import type { WorkloadTables } from './workload.tables.js';

// TicketWaitingForClient is left out on purpose: a pause moves the due time only once it is finished, and
// TicketResumed carries its own `pausedAt`.
const handled = [
  'TicketOpened',
  'TicketAssigned',
  'TicketResumed',
  'TicketResolved',
  'TicketReopened',
  'TicketClosed',
  'TicketWorkLogged',
  'ProcessStepStarted',
  'ProcessTaskCompleted',
  'ProcessStepSkipped',
  'ProcessCompleted',
  'ProcessRejected',
  'ProcessCancelled',
] as const;

type Handled = (typeof handled)[number];
type Data = Record<string, unknown>;
type Rows = RowStore<WorkloadTables>;

const dayMs = 86_400_000;

/** The ISO 8601 week ('YYYY-Www') of an instant, by UTC: weeks start on Monday, week 1 holds a Thursday. */
export const isoWeek = (instant: string | Date): string => {
  const date = new Date(instant);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of the same week decides the week's year.
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 4 - weekday);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / dayMs / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

const str = (data: Data, key: string) => data[key] as string;

const ticketKey = (tenantId: string, data: Data) => ({
  tenant_id: tenantId,
  ticket_id: str(data, 'ticketId'),
});
const minutesKey = (tenantId: string, data: Data) => ({
  tenant_id: tenantId,
  technician_id: str(data, 'technicianId'),
  week: isoWeek(str(data, 'loggedAt')),
});
const processKey = (tenantId: string, data: Data) => ({
  tenant_id: tenantId,
  process_id: str(data, 'processId'),
});

const logMinutes = async (rows: Rows, tenantId: string, data: Data) => {
  const key = minutesKey(tenantId, data);
  const minutes = data.minutes as number;
  const billable = data.billable === true ? minutes : 0;
  await rows.insertIfAbsent('workload_minutes', { ...key, minutes: 0, billable_minutes: 0 });
  await rows.update('workload_minutes', key, (row) => ({
    minutes: Number(row.minutes) + minutes,
    billable_minutes: Number(row.billable_minutes) + billable,
  }));
};

const applyTicket = async (type: Handled, event: RecordedEvent, rows: Rows, tenantId: string) => {
  const data = event.data as Data;
  const key = ticketKey(tenantId, data);
  switch (type) {
    case 'TicketOpened': {
      const sla = data.sla as { resolutionMinutes: number };
      const due = Date.parse(str(data, 'openedAt')) + sla.resolutionMinutes * 60_000;
      rows.put('workload_tickets', {
        ...key,
        assignee_id: null,
        status: 'open',
        resolution_due_at: new Date(due).toISOString(),
        resolved_at: null,
        resolved_by: null,
      });
      return;
    }
    case 'TicketAssigned':
      await rows.update('workload_tickets', key, { assignee_id: str(data, 'assigneeId') });
      return;
    case 'TicketResumed': {
      // The finished pause moves the due time by its length (timestamps compared as instants, not strings).
      const pause = Date.parse(str(data, 'resumedAt')) - Date.parse(str(data, 'pausedAt'));
      await rows.update('workload_tickets', key, (row) => ({
        resolution_due_at: new Date(Date.parse(row.resolution_due_at) + pause).toISOString(),
      }));
      return;
    }
    case 'TicketResolved': {
      const actor = event.metadata.actor as { id?: string } | undefined;
      await rows.update('workload_tickets', key, {
        status: 'resolved',
        resolved_at: str(data, 'resolvedAt'),
        resolved_by: actor?.id ?? null,
      });
      return;
    }
    case 'TicketReopened':
      await rows.update('workload_tickets', key, { status: 'open', resolved_at: null, resolved_by: null });
      return;
    case 'TicketClosed':
      await rows.update('workload_tickets', key, { status: 'closed' });
      return;
    case 'TicketWorkLogged':
      await logMinutes(rows, tenantId, data);
      return;
    default:
      return;
  }
};

const applyProcess = async (type: Handled, data: Data, rows: Rows, tenantId: string) => {
  const process = processKey(tenantId, data);
  switch (type) {
    case 'ProcessStepStarted':
      rows.put('workload_tasks', {
        ...process,
        step_key: str(data, 'stepKey'),
        technician_id: str(data, 'startedBy'),
        started_at: str(data, 'startedAt'),
      });
      return;
    case 'ProcessTaskCompleted':
    case 'ProcessStepSkipped':
      await rows.delete('workload_tasks', { ...process, step_key: str(data, 'stepKey') });
      return;
    case 'ProcessCompleted':
    case 'ProcessRejected':
    case 'ProcessCancelled':
      for (const task of await rows.list('workload_tasks', 'process', process)) {
        await rows.delete('workload_tasks', task);
      }
      return;
    default:
      return;
  }
};

const ticketUpdates = new Set([
  'TicketAssigned',
  'TicketResumed',
  'TicketResolved',
  'TicketReopened',
  'TicketClosed',
]);
const processEnds = new Set(['ProcessCompleted', 'ProcessRejected', 'ProcessCancelled']);

/** Technician workload: open tickets and tasks held, minutes per ISO week, and the SLA met on resolution. */
export const workloadProjection: Projection<WorkloadTables> = {
  name: 'workload',
  version: 1,
  tables: ['workload_tickets', 'workload_tasks', 'workload_minutes'],
  handles: handled,
  rows: {
    workload_tickets: { key: ['tenant_id', 'ticket_id'] },
    // The tasks of one process are dropped together when it ends (a prefix of the primary key).
    workload_tasks: {
      key: ['tenant_id', 'process_id', 'step_key'],
      groups: { process: ['tenant_id', 'process_id'] },
    },
    workload_minutes: { key: ['tenant_id', 'technician_id', 'week'] },
  },
  // Opening a ticket, starting a step and finishing one write without reading.
  needs(event): Need<WorkloadTables>[] {
    const tenantId = event.metadata.tenantId as string;
    const data = event.data as Data;
    if (ticketUpdates.has(event.type)) return [{ table: 'workload_tickets', key: ticketKey(tenantId, data) }];
    if (event.type === 'TicketWorkLogged')
      return [{ table: 'workload_minutes', key: minutesKey(tenantId, data) }];
    if (processEnds.has(event.type)) {
      return [{ table: 'workload_tasks', key: processKey(tenantId, data), group: 'process' }];
    }
    return [];
  },

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('workload_tickets')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('resolution_due_at', 'timestamptz', (c) => c.notNull())
      .addColumn('resolved_at', 'timestamptz')
      .addColumn('resolved_by', 'text')
      .addPrimaryKeyConstraint('workload_tickets_pkey', ['tenant_id', 'ticket_id'])
      .execute();
    await db.schema
      .createIndex('workload_tickets_tenant_assignee')
      .ifNotExists()
      .on('workload_tickets')
      .columns(['tenant_id', 'assignee_id', 'status'])
      .execute();
    await db.schema
      .createIndex('workload_tickets_tenant_resolver')
      .ifNotExists()
      .on('workload_tickets')
      .columns(['tenant_id', 'resolved_by'])
      .execute();
    await db.schema
      .createTable('workload_tasks')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('process_id', 'text', (c) => c.notNull())
      .addColumn('step_key', 'text', (c) => c.notNull())
      .addColumn('technician_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('workload_tasks_pkey', ['tenant_id', 'process_id', 'step_key'])
      .execute();
    await db.schema
      .createIndex('workload_tasks_tenant_technician')
      .ifNotExists()
      .on('workload_tasks')
      .columns(['tenant_id', 'technician_id'])
      .execute();
    await db.schema
      .createTable('workload_minutes')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('technician_id', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('minutes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('billable_minutes', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('workload_minutes_pkey', ['tenant_id', 'technician_id', 'week'])
      .execute();
    await db.schema
      .createIndex('workload_minutes_tenant_week')
      .ifNotExists()
      .on('workload_minutes')
      .columns(['tenant_id', 'week', 'technician_id'])
      .execute();
  },

  async apply(event: RecordedEvent, rows: Rows) {
    const tenantId = event.metadata.tenantId as string;
    const type = event.type as Handled;
    if (type.startsWith('Process')) await applyProcess(type, event.data as Data, rows, tenantId);
    else await applyTicket(type, event, rows, tenantId);
  },
};
