import type { Kysely } from 'kysely';
import { costReport } from '../cost/cost.queries.js';
import type { CostTables } from '../cost/cost.tables.js';
import type { DeviceTables } from '../device/device.tables.js';
import { decisionsWaiting } from '../process/process.queries.js';
import type { ProcessTables } from '../process/process.tables.js';
import { type OpenTicketCounts, openTicketCounts } from '../ticket/ticket.queries.js';
import type { TicketTables } from '../ticket/ticket.tables.js';

export type DashboardTables = DeviceTables & TicketTables & ProcessTables & CostTables;

export interface Dashboard {
  tickets: OpenTicketCounts;
  runningProcesses: {
    total: number;
    /** The most recently started, with progress ("3 of 7"). */
    latest: Array<{
      processId: string;
      titlePl: string;
      titleEn: string;
      doneSteps: number;
      totalSteps: number;
    }>;
  };
  decisionsWaiting: number;
  devicesByStatus: Record<string, number>;
  /** Devices in use whose warranty ends within 90 days of `now`. */
  warrantiesEnding: number;
  /** Totals per currency, never converted. */
  costs: { thisMonth: Record<string, number>; lastMonth: Record<string, number> };
}

const monthOf = (date: Date, back = 0) => {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

const dayOf = (date: Date, plusDays = 0) =>
  new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

/** Kysely's database type is invariant; the same handle serves every read model's tables. */
const narrow = <Tables>(db: Kysely<DashboardTables>) => db as unknown as Kysely<Tables>;

/** The client manager's status page, at `now`: every figure from the tenant's read models. */
export const dashboard = async (
  db: Kysely<DashboardTables>,
  tenantId: string,
  now: Date,
): Promise<Dashboard> => {
  const thisMonth = monthOf(now);
  const lastMonth = monthOf(now, 1);
  const [tickets, running, latest, waiting, devices, warranties, costs] = await Promise.all([
    openTicketCounts(narrow<TicketTables>(db), tenantId, now),
    db
      .selectFrom('process_list')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'running')
      .executeTakeFirst(),
    db
      .selectFrom('process_list')
      .select(['process_id', 'title_pl', 'title_en', 'done_steps', 'total_steps'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'running')
      .orderBy('started_at', 'desc')
      .limit(5)
      .execute(),
    decisionsWaiting(narrow<ProcessTables>(db), tenantId),
    db
      .selectFrom('device_list')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('device_list')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('status', 'not in', ['retired', 'lost'])
      .where('warranty_end', '>=', dayOf(now))
      .where('warranty_end', '<=', dayOf(now, 90))
      .executeTakeFirst(),
    costReport(narrow<CostTables>(db), tenantId, { fromMonth: lastMonth, toMonth: thisMonth }),
  ]);
  const totals = (month: string) =>
    costs
      .filter((row) => row.month === month)
      .reduce<Record<string, number>>((sum, row) => {
        sum[row.currency] = (sum[row.currency] ?? 0) + Number(row.amount);
        return sum;
      }, {});
  return {
    tickets,
    runningProcesses: {
      total: Number(running?.n ?? 0),
      latest: latest.map((p) => ({
        processId: p.process_id,
        titlePl: p.title_pl,
        titleEn: p.title_en,
        doneSteps: p.done_steps,
        totalSteps: p.total_steps,
      })),
    },
    decisionsWaiting: waiting.length,
    devicesByStatus: Object.fromEntries(devices.map((row) => [row.status, Number(row.n)])),
    warrantiesEnding: Number(warranties?.n ?? 0),
    costs: { thisMonth: totals(thisMonth), lastMonth: totals(lastMonth) },
  };
};
