import type { ColumnType } from 'kysely';

export const costCategories = ['purchase', 'repair', 'labour', 'licence'] as const;
export type CostCategory = (typeof costCategories)[number];

/**
 * One row per cost fact recorded by an event: a purchase, a repair or diagnosis, billable labour.
 * Licences are not stored here month by month: see `CostLicencePeriodTable`.
 */
export interface CostEntryTable {
  tenant_id: string;
  /** The event's checkpoint (plus `:<index>` if one event ever yields several entries). */
  entry_id: string;
  /** 'YYYY-MM' of the event's `…At` instant, in UTC. */
  month: string;
  occurred_at: ColumnType<Date, string, string>;
  category: CostCategory;
  /** Minor units of `currency`. */
  amount: ColumnType<string, number, number>;
  currency: string;
  device_id: string | null;
  person_id: string | null;
  /** The person's cost centre when the cost arose; null when no person is concerned. */
  cost_centre: string | null;
  ticket_id: string | null;
  source_event: string;
}

/**
 * One row per access to a paid system: it costs `amount` in every month from `from_month` to `to_month`
 * (both included, whole months, no proration); `to_month` is null while the access is still granted.
 */
export interface CostLicencePeriodTable {
  tenant_id: string;
  access_id: string;
  person_id: string;
  system: string;
  amount: ColumnType<string, number, number>;
  currency: string;
  /** The person's cost centre when the access was granted. */
  cost_centre: string | null;
  from_month: string;
  to_month: string | null;
}

/** The tenant's labour rate in force, as far as the log has been read. */
export interface CostLabourRateTable {
  tenant_id: string;
  /** Minor units per hour. */
  amount: ColumnType<string, number, number>;
  currency: string;
}

/** Each person's current cost centre, so entries carry the one in force when they arise. */
export interface CostPersonTable {
  tenant_id: string;
  person_id: string;
  cost_centre: string;
}

/** Who a ticket is for and about, so its labour is charged to that person and device. */
export interface CostTicketTable {
  tenant_id: string;
  ticket_id: string;
  requester_id: string;
  device_id: string | null;
}

export interface CostTables {
  cost_entries: CostEntryTable;
  cost_licence_periods: CostLicencePeriodTable;
  cost_labour_rates: CostLabourRateTable;
  cost_people: CostPersonTable;
  cost_tickets: CostTicketTable;
}
