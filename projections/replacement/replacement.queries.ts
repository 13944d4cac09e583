import { type Kysely, sql } from 'kysely';
import { decodeCursor as decode, type Page, pageLimit, pageOf } from '../pagination.js';
import type { ReplacementTables } from './replacement.tables.js';

/** How close the end of a warranty must be for the device to enter the plan. */
export const warrantyHorizonDays = 90;

export type ReplacementReason = 'replacement_age' | 'warranty_ending';

export interface ReplacementPlanItem {
  deviceId: string;
  assetTag: string;
  kind: string;
  model: string;
  status: string;
  holderId: string | null;
  purchaseDate: string;
  warrantyEnd: string;
  /** The day the device reaches the tenant's replacement age for its kind; null when the kind has none. */
  replacementDue: string | null;
  reasons: ReplacementReason[];
  /** The estimate of a like-for-like replacement: what the device cost, in its purchase currency. */
  expectedCost: { amount: number; currency: string };
}

/**
 * The tenant's devices in use or in stock (not retired, not lost) that need replacing, by asset tag, a page
 * at a time. A device is in the plan when it has reached the replacement age of the tenant's current policy
 * for its kind (purchase date plus that many months is `now`'s date or earlier), or when its warranty ends
 * between `now`'s date and 90 days later. Dates are compared as UTC calendar days. The expected cost is
 * the purchase cost, in the same currency: prices are not converted or inflated.
 */
export const replacementPlan = async (
  db: Kysely<ReplacementTables>,
  tenantId: string,
  now: Date | string,
  page: { cursor?: string; limit?: number } = {},
): Promise<Page<ReplacementPlanItem>> => {
  const limit = pageLimit(page.limit, 100);
  const today = new Date(now).toISOString().slice(0, 10);
  const after = page.cursor ? decode(page.cursor) : undefined;
  const { rows } = await sql<{
    device_id: string;
    asset_tag: string;
    kind: string;
    model: string;
    status: string;
    holder_id: string | null;
    purchase_date: string;
    warranty_end: string;
    purchase_cost: string;
    currency: string;
    replacement_due: string | null;
    age_due: boolean;
    warranty_soon: boolean;
  }>`
    select * from (
      select d.device_id, d.asset_tag, d.kind, d.model, d.status, d.holder_id, d.purchase_date,
             d.warranty_end, d.purchase_cost, d.currency, due.replacement_due,
             coalesce(due.replacement_due <= ${today}, false) as age_due,
             d.warranty_end between ${today}
               and to_char(${today}::date + ${warrantyHorizonDays}::int, 'YYYY-MM-DD') as warranty_soon
        from replacement_devices d
        left join replacement_policies p on p.tenant_id = d.tenant_id and p.kind = d.kind
       cross join lateral (
         select to_char(d.purchase_date::date + make_interval(months => p.age_months), 'YYYY-MM-DD')
                as replacement_due) as due
       where d.tenant_id = ${tenantId} and d.status not in ('retired', 'lost')) as devices
     where (age_due or warranty_soon)
       and ${after ? sql`(asset_tag, device_id) > (${after[0]}, ${after[1]})` : sql`true`}
     order by asset_tag, device_id
     limit ${limit + 1}`.execute(db);
  const found = pageOf(rows, limit, (last) => [last.asset_tag, last.device_id]);
  return {
    ...found,
    items: found.items.map((row) => ({
      deviceId: row.device_id,
      assetTag: row.asset_tag,
      kind: row.kind,
      model: row.model,
      status: row.status,
      holderId: row.holder_id,
      purchaseDate: row.purchase_date,
      warrantyEnd: row.warranty_end,
      replacementDue: row.replacement_due,
      reasons: [
        ...(row.age_due ? (['replacement_age'] as const) : []),
        ...(row.warranty_soon ? (['warranty_ending'] as const) : []),
      ],
      expectedCost: { amount: Number(row.purchase_cost), currency: row.currency },
    })),
  };
};
