import { type Kysely, sql } from 'kysely';
import type { OrganizationTables } from '../organization/organization.tables.js';
import { dependenciesSettled } from '../process/process.queries.js';
import type { ProcessTables } from '../process/process.tables.js';
import { liveDueSql, type SlaState, slaStateSql } from '../ticket/ticket.queries.js';
import type { TicketTables } from '../ticket/ticket.tables.js';

export type QueueTables = ProcessTables & TicketTables & OrganizationTables;

/** Which tenants a queue spans: every tenant (a grant for all of them) or the named ones. */
export type QueueTenants = 'all' | readonly string[];

export interface QueueFilter {
  /** Only what this account has taken up or been assigned; otherwise also what nobody has yet. */
  mine?: boolean;
  limit?: number;
}

interface QueueItemBase {
  tenantId: string;
  tenantName: string;
  /** Who has it: the account that took the task up, or the ticket's assignee; null when nobody yet. */
  assigneeId: string | null;
  /** When it is due; null for a task of a process with no date to meet. */
  dueAt: Date | null;
  /** Since when it waits: the ticket's opening, the process's start. */
  since: Date;
}

/** A process task the IT team can do now: its process runs and every step it depends on is settled. */
export interface QueueTask extends QueueItemBase {
  kind: 'task';
  processId: string;
  stepKey: string;
  titlePl: string;
  titleEn: string;
  processTitlePl: string;
  processTitleEn: string;
  scenarioKind: string;
  /** pending or in_progress. */
  status: string;
  personId: string | null;
}

/** An open ticket that is the IT team's to move (not one waiting for the client). */
export interface QueueTicket extends QueueItemBase {
  kind: 'ticket';
  ticketId: string;
  title: string;
  priority: string;
  /** new or in_progress. */
  status: string;
  slaState: SlaState;
}

export type QueueItem = QueueTask | QueueTicket;

/**
 * The date a process's tasks are due by, from its start parameters: an onboarding's tasks before the first
 * working day begins, an offboarding's by the end of the last day, both in the tenant's time zone.
 */
const taskDueSql = sql<Date | null>`case
  when p.parameters->>'startDate' ~ '^\\d{4}-\\d{2}-\\d{2}$'
    then ((p.parameters->>'startDate')::date)::timestamp at time zone coalesce(o.time_zone, 'UTC')
  when p.parameters->>'lastDay' ~ '^\\d{4}-\\d{2}-\\d{2}$'
    then ((p.parameters->>'lastDay')::date + 1)::timestamp at time zone coalesce(o.time_zone, 'UTC')
  end`;

const byDue = (a: QueueItem, b: QueueItem) => {
  if (a.dueAt && b.dueAt && a.dueAt.getTime() !== b.dueAt.getTime()) {
    return a.dueAt.getTime() - b.dueAt.getTime();
  }
  if (a.dueAt && !b.dueAt) return -1;
  if (!a.dueAt && b.dueAt) return 1;
  return a.since.getTime() - b.since.getTime();
};

/**
 * The IT team's work across tenants, most urgent first: open tickets by their live resolution due time (SLA)
 * and ready process tasks by their process's date; without a due time, the longest waiting first. Tickets
 * waiting for the client are left out (their clock stands still and nothing is asked of the IT team).
 */
export const technicianQueue = async (
  db: Kysely<QueueTables>,
  tenants: QueueTenants,
  accountId: string,
  filter: QueueFilter,
  now: Date,
): Promise<QueueItem[]> => {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 500);
  if (tenants !== 'all' && tenants.length === 0) return [];
  let tasks = db
    .selectFrom('process_steps as s')
    .innerJoin('process_list as p', (join) =>
      join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.process_id', '=', 's.process_id'),
    )
    .leftJoin('organization_list as o', 'o.tenant_id', 's.tenant_id')
    .select([
      's.tenant_id',
      sql<string>`coalesce(o.name, s.tenant_id)`.as('tenant_name'),
      's.process_id',
      's.step_key',
      's.title_pl',
      's.title_en',
      's.status',
      's.assignee_id',
      'p.title_pl as process_title_pl',
      'p.title_en as process_title_en',
      'p.scenario_kind',
      'p.person_id',
      'p.started_at',
      taskDueSql.as('due_at'),
    ])
    .where('s.kind', '=', 'task')
    .where('s.status', 'in', ['pending', 'in_progress'])
    .where('p.status', '=', 'running')
    .where(dependenciesSettled);
  if (tenants !== 'all') tasks = tasks.where('s.tenant_id', 'in', tenants);
  if (filter.mine) tasks = tasks.where('s.assignee_id', '=', accountId);

  let tickets = db
    .selectFrom('ticket_list as t')
    .leftJoin('organization_list as o', 'o.tenant_id', 't.tenant_id')
    .select([
      't.tenant_id',
      sql<string>`coalesce(o.name, t.tenant_id)`.as('tenant_name'),
      't.ticket_id',
      't.title',
      't.priority',
      't.status',
      't.assignee_id',
      't.opened_at',
      liveDueSql(now).as('due_at'),
      slaStateSql(now).as('sla_state'),
    ])
    .where('t.status', 'in', ['new', 'in_progress']);
  if (tenants !== 'all') tickets = tickets.where('t.tenant_id', 'in', tenants);
  if (filter.mine) tickets = tickets.where('t.assignee_id', '=', accountId);

  const [taskRows, ticketRows] = await Promise.all([
    tasks
      .orderBy(sql`due_at`, (order) => order.asc().nullsLast())
      .orderBy('p.started_at')
      .orderBy('s.process_id')
      .orderBy('s.position')
      .limit(limit)
      .execute(),
    tickets.orderBy(sql`due_at`).orderBy('t.opened_at').orderBy('t.ticket_id').limit(limit).execute(),
  ]);
  const items: QueueItem[] = [
    ...taskRows.map(
      (row): QueueTask => ({
        kind: 'task',
        tenantId: row.tenant_id,
        tenantName: row.tenant_name,
        processId: row.process_id,
        stepKey: row.step_key,
        titlePl: row.title_pl,
        titleEn: row.title_en,
        processTitlePl: row.process_title_pl,
        processTitleEn: row.process_title_en,
        scenarioKind: row.scenario_kind,
        status: row.status,
        personId: row.person_id,
        assigneeId: row.assignee_id,
        dueAt: row.due_at,
        since: row.started_at,
      }),
    ),
    ...ticketRows.map(
      (row): QueueTicket => ({
        kind: 'ticket',
        tenantId: row.tenant_id,
        tenantName: row.tenant_name,
        ticketId: row.ticket_id,
        title: row.title,
        priority: row.priority,
        status: row.status,
        slaState: row.sla_state,
        assigneeId: row.assignee_id,
        dueAt: row.due_at,
        since: row.opened_at,
      }),
    ),
  ];
  // Each source is already in this order and at most `limit` long, so the first `limit` of both are the answer.
  return items.sort(byDue).slice(0, limit);
};
