import { type Kysely, sql } from 'kysely';
import { decodeCursor as decode, type Page, pageLimit, pageOf } from '../pagination.js';
import type { CostCategory, CostTables } from './cost.tables.js';

const monthShape = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (value: string) => {
  if (!monthShape.test(value)) throw new TypeError(`${value} is not a month (YYYY-MM)`);
  return value;
};

/** A month range, both ends included, as 'YYYY-MM' in UTC. */
export interface MonthRange {
  fromMonth: string;
  toMonth: string;
}

/**
 * Every cost of the tenant in the range, one row per fact: the stored entries plus one licence entry per
 * access and month it was active. An access still granted counts up to `toMonth`, since months after the
 * range are not asked for (and months after today are a forecast of what it will cost if kept).
 */
const facts = (tenantId: string, range: MonthRange) => {
  const from = month(range.fromMonth);
  const to = month(range.toMonth);
  return sql`
    select month, category, amount, currency, device_id, person_id, cost_centre
      from cost_entries
     where tenant_id = ${tenantId} and month between ${from} and ${to}
    union all
    select to_char(m, 'YYYY-MM'), 'licence', p.amount, p.currency, null, p.person_id, p.cost_centre
      from cost_licence_periods p
     cross join lateral generate_series(
       to_date(greatest(p.from_month, ${from}::text), 'YYYY-MM'),
       to_date(least(coalesce(p.to_month, ${to}::text), ${to}::text), 'YYYY-MM'),
       interval '1 month') as m
     where p.tenant_id = ${tenantId} and p.from_month <= ${to} and (p.to_month is null or p.to_month >= ${from})`;
};

export interface CostReportRow {
  month: string;
  category: CostCategory;
  currency: string;
  /** Minor units. */
  amount: number;
  entries: number;
}

/** The tenant's costs by month, category and currency (never converted), licences expanded to `toMonth`. */
export const costReport = async (
  db: Kysely<CostTables>,
  tenantId: string,
  range: MonthRange,
): Promise<CostReportRow[]> => {
  const { rows } = await sql<{
    month: string;
    category: CostCategory;
    currency: string;
    amount: string;
    entries: string;
  }>`
    select month, category, currency, sum(amount) as amount, count(*) as entries
      from (${facts(tenantId, range)}) as facts
     group by month, category, currency
     order by month, category, currency`.execute(db);
  return rows.map((row) => ({ ...row, amount: Number(row.amount), entries: Number(row.entries) }));
};

export type CostDimension = 'cost_centre' | 'person' | 'device';
const dimensionColumn = { cost_centre: 'cost_centre', person: 'person_id', device: 'device_id' } as const;

export interface CostsByRow {
  /** The cost centre, person id or device id; null for costs not attributed to one (e.g. purchases by person). */
  key: string | null;
  currency: string;
  amount: number;
}

/** The tenant's costs in the range summed per cost centre, person or device and currency, a page at a time. */
export const costsBy = async (
  db: Kysely<CostTables>,
  tenantId: string,
  options: MonthRange & { dimension: CostDimension; cursor?: string; limit?: number },
): Promise<Page<CostsByRow>> => {
  const limit = pageLimit(options.limit, 100);
  const column = sql.ref(dimensionColumn[options.dimension]);
  // Unattributed costs sort first, under the empty key, so the keyset cursor needs no null handling.
  const after = options.cursor ? decode(options.cursor) : undefined;
  const { rows } = await sql<{ key: string; currency: string; amount: string }>`
    select * from (
      select coalesce(${column}, '') as key, currency, sum(amount) as amount
        from (${facts(tenantId, options)}) as facts
       group by 1, 2) as sums
     where ${after ? sql`(key, currency) > (${after[0]}, ${after[1]})` : sql`true`}
     order by key, currency
     limit ${limit + 1}`.execute(db);
  const found = pageOf(rows, limit, (last) => [last.key, last.currency]);
  return {
    ...found,
    items: found.items.map((row) => ({
      key: row.key === '' ? null : row.key,
      currency: row.currency,
      amount: Number(row.amount),
    })),
  };
};

/** What a device has cost so far (purchase, repairs, labour on its tickets), per currency. */
export const deviceTotalCost = async (db: Kysely<CostTables>, tenantId: string, deviceId: string) => {
  const rows = await db
    .selectFrom('cost_entries')
    .select(['currency', (eb) => eb.fn.sum<string>('amount').as('amount')])
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) }));
};

export interface LicenceMonth {
  accessId: string;
  personId: string;
  system: string;
  costCentre: string | null;
  month: string;
  amount: number;
  currency: string;
}

/**
 * One licence entry per access and month it was active (granted month to revoked month, both included),
 * from `fromMonth` up to `untilMonth`: an access not yet revoked is expanded up to `untilMonth`, which
 * the caller chooses (usually the current month), since apply never reads the clock.
 */
export const licenceMonths = async (
  db: Kysely<CostTables>,
  tenantId: string,
  options: { fromMonth: string; untilMonth: string; cursor?: string; limit?: number },
): Promise<Page<LicenceMonth>> => {
  const limit = pageLimit(options.limit, 100);
  const from = month(options.fromMonth);
  const until = month(options.untilMonth);
  const after = options.cursor ? decode(options.cursor) : undefined;
  const { rows } = await sql<{
    access_id: string;
    person_id: string;
    system: string;
    cost_centre: string | null;
    month: string;
    amount: string;
    currency: string;
  }>`
    select * from (
      select p.access_id, p.person_id, p.system, p.cost_centre, to_char(m, 'YYYY-MM') as month,
             p.amount, p.currency
        from cost_licence_periods p
       cross join lateral generate_series(
         to_date(greatest(p.from_month, ${from}::text), 'YYYY-MM'),
         to_date(least(coalesce(p.to_month, ${until}::text), ${until}::text), 'YYYY-MM'),
         interval '1 month') as m
       where p.tenant_id = ${tenantId} and p.from_month <= ${until}
         and (p.to_month is null or p.to_month >= ${from})) as months
     where ${after ? sql`(month, access_id) > (${after[0]}, ${after[1]})` : sql`true`}
     order by month, access_id
     limit ${limit + 1}`.execute(db);
  const found = pageOf(rows, limit, (last) => [last.month, last.access_id]);
  return {
    ...found,
    items: found.items.map((row) => ({
      accessId: row.access_id,
      personId: row.person_id,
      system: row.system,
      costCentre: row.cost_centre,
      month: row.month,
      amount: Number(row.amount),
      currency: row.currency,
    })),
  };
};
