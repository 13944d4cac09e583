import { type Kysely, sql, type Transaction } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
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
type Trx = Transaction<WorkloadTables>;

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

const updateTicket = (trx: Trx, tenantId: string, data: Data) =>
  trx
    .updateTable('workload_tickets')
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', str(data, 'ticketId'));

const logMinutes = async (trx: Trx, tenantId: string, data: Data) => {
  const key = {
    tenant_id: tenantId,
    technician_id: str(data, 'technicianId'),
    week: isoWeek(str(data, 'loggedAt')),
  };
  const minutes = data.minutes as number;
  const billable = data.billable === true ? minutes : 0;
  await trx
    .insertInto('workload_minutes')
    .values({ ...key, minutes: 0, billable_minutes: 0 })
    .onConflict((oc) => oc.columns(['tenant_id', 'technician_id', 'week']).doNothing())
    .execute();
  await trx
    .updateTable('workload_minutes')
    .set({
      minutes: sql<number>`minutes + ${minutes}::integer`,
      billable_minutes: sql<number>`billable_minutes + ${billable}::integer`,
    })
    .where('tenant_id', '=', key.tenant_id)
    .where('technician_id', '=', key.technician_id)
    .where('week', '=', key.week)
    .execute();
};

const applyTicket = async (type: Handled, event: RecordedEvent, trx: Trx, tenantId: string) => {
  const data = event.data as Data;
  switch (type) {
    case 'TicketOpened': {
      const sla = data.sla as { resolutionMinutes: number };
      const due = Date.parse(str(data, 'openedAt')) + sla.resolutionMinutes * 60_000;
      await trx
        .insertInto('workload_tickets')
        .values({
          tenant_id: tenantId,
          ticket_id: str(data, 'ticketId'),
          assignee_id: null,
          status: 'open',
          resolution_due_at: new Date(due).toISOString(),
          resolved_at: null,
          resolved_by: null,
        })
        .execute();
      return;
    }
    case 'TicketAssigned':
      await updateTicket(trx, tenantId, data)
        .set({ assignee_id: str(data, 'assigneeId') })
        .execute();
      return;
    case 'TicketResumed': {
      const from = str(data, 'pausedAt');
      const to = str(data, 'resumedAt');
      await updateTicket(trx, tenantId, data)
        .set({
          resolution_due_at: sql<string>`resolution_due_at + (${to}::timestamptz - ${from}::timestamptz)`,
        })
        .execute();
      return;
    }
    case 'TicketResolved': {
      const actor = event.metadata.actor as { id?: string } | undefined;
      await updateTicket(trx, tenantId, data)
        .set({ status: 'resolved', resolved_at: str(data, 'resolvedAt'), resolved_by: actor?.id ?? null })
        .execute();
      return;
    }
    case 'TicketReopened':
      await updateTicket(trx, tenantId, data)
        .set({ status: 'open', resolved_at: null, resolved_by: null })
        .execute();
      return;
    case 'TicketClosed':
      await updateTicket(trx, tenantId, data).set({ status: 'closed' }).execute();
      return;
    case 'TicketWorkLogged':
      await logMinutes(trx, tenantId, data);
      return;
    default:
      return;
  }
};

const applyProcess = async (type: Handled, data: Data, trx: Trx, tenantId: string) => {
  const inProcess = trx
    .deleteFrom('workload_tasks')
    .where('tenant_id', '=', tenantId)
    .where('process_id', '=', str(data, 'processId'));
  switch (type) {
    case 'ProcessStepStarted': {
      const holder = { technician_id: str(data, 'startedBy'), started_at: str(data, 'startedAt') };
      await trx
        .insertInto('workload_tasks')
        .values({
          tenant_id: tenantId,
          process_id: str(data, 'processId'),
          step_key: str(data, 'stepKey'),
          ...holder,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'process_id', 'step_key']).doUpdateSet(holder))
        .execute();
      return;
    }
    case 'ProcessTaskCompleted':
    case 'ProcessStepSkipped':
      await inProcess.where('step_key', '=', str(data, 'stepKey')).execute();
      return;
    case 'ProcessCompleted':
    case 'ProcessRejected':
    case 'ProcessCancelled':
      await inProcess.execute();
      return;
    default:
      return;
  }
};

/** Technician workload: open tickets and tasks held, minutes per ISO week, and the SLA met on resolution. */
export const workloadProjection: Projection<WorkloadTables> = {
  name: 'workload',
  version: 1,
  tables: ['workload_tickets', 'workload_tasks', 'workload_minutes'],
  handles: handled,

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

  async apply(event: RecordedEvent, trx: Trx) {
    const tenantId = event.metadata.tenantId as string;
    const type = event.type as Handled;
    if (type.startsWith('Process')) await applyProcess(type, event.data as Data, trx, tenantId);
    else await applyTicket(type, event, trx, tenantId);
  },
};
