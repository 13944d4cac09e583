import { type Kysely, sql } from 'kysely';
import type { WorkloadTables } from './workload.tables.js';

/** An inclusive range of ISO weeks, each 'YYYY-Www' (e.g. '2026-W01'). */
export interface WeekRange {
  fromWeek: string;
  toWeek: string;
}

export interface WeekMinutes {
  week: string;
  minutes: number;
  billableMinutes: number;
}

export interface TechnicianWorkload {
  technicianId: string;
  /** Tickets assigned to the technician that are neither resolved nor closed. */
  openTickets: number;
  /** Process tasks the technician started that are not completed, skipped, or ended with their process. */
  openTasks: number;
  /** Only weeks in the range with minutes logged, oldest first. */
  minutesByWeek: WeekMinutes[];
  /** Tickets the technician resolved (as they stand now: a reopened ticket no longer counts), at any time. */
  resolved: number;
  /** Of those, resolved at or before their resolution due time. */
  resolvedWithinSla: number;
  /** resolvedWithinSla / resolved; null when the technician resolved none. */
  slaMetShare: number | null;
}

const weekPattern = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

const blank = (technicianId: string): TechnicianWorkload => ({
  technicianId,
  openTickets: 0,
  openTasks: 0,
  minutesByWeek: [],
  resolved: 0,
  resolvedWithinSla: 0,
  slaMetShare: null,
});

/**
 * The workload of every technician who serves the tenant, ordered by technician id: open tickets and tasks
 * now, minutes logged in the given weeks, and resolutions against the SLA. One row per technician with
 * anything to show; not paged, as a tenant is served by a handful of technicians.
 */
export const technicianWorkload = async (
  db: Kysely<WorkloadTables>,
  tenantId: string,
  { fromWeek, toWeek }: WeekRange,
): Promise<TechnicianWorkload[]> => {
  for (const week of [fromWeek, toWeek])
    if (!weekPattern.test(week)) throw new RangeError(`Not an ISO week (YYYY-Www): ${week}`);

  const [tickets, tasks, minutes, resolutions] = await Promise.all([
    db
      .selectFrom('workload_tickets')
      .select(['assignee_id', (eb) => eb.fn.countAll<string>().as('count')])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'open')
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute(),
    db
      .selectFrom('workload_tasks')
      .select(['technician_id', (eb) => eb.fn.countAll<string>().as('count')])
      .where('tenant_id', '=', tenantId)
      .groupBy('technician_id')
      .execute(),
    db
      .selectFrom('workload_minutes')
      .select(['technician_id', 'week', 'minutes', 'billable_minutes'])
      .where('tenant_id', '=', tenantId)
      .where('week', '>=', fromWeek)
      .where('week', '<=', toWeek)
      .where('minutes', '>', 0)
      .orderBy('week')
      .execute(),
    db
      .selectFrom('workload_tickets')
      .select([
        'resolved_by',
        (eb) => eb.fn.countAll<string>().as('count'),
        sql<string>`count(*) filter (where resolved_at <= resolution_due_at)`.as('met'),
      ])
      .where('tenant_id', '=', tenantId)
      .where('resolved_by', 'is not', null)
      .groupBy('resolved_by')
      .execute(),
  ]);

  const rows = new Map<string, TechnicianWorkload>();
  const row = (technicianId: string) => {
    const found = rows.get(technicianId) ?? blank(technicianId);
    rows.set(technicianId, found);
    return found;
  };
  for (const t of tickets) row(t.assignee_id as string).openTickets = Number(t.count);
  for (const t of tasks) row(t.technician_id).openTasks = Number(t.count);
  for (const m of minutes)
    row(m.technician_id).minutesByWeek.push({
      week: m.week,
      minutes: m.minutes,
      billableMinutes: m.billable_minutes,
    });
  for (const r of resolutions) {
    const technician = row(r.resolved_by as string);
    technician.resolved = Number(r.count);
    technician.resolvedWithinSla = Number(r.met);
    technician.slaMetShare =
      technician.resolved > 0 ? technician.resolvedWithinSla / technician.resolved : null;
  }
  return [...rows.values()].sort((a, b) =>
    a.technicianId < b.technicianId ? -1 : a.technicianId > b.technicianId ? 1 : 0,
  );
};
