import type { ColumnType } from 'kysely';

type Instant = ColumnType<Date, string, string>;

/**
 * One row per tenant (its organization) with its current settings: what a tenant picker and the settings
 * page show.
 */
export interface OrganizationListTable {
  /** The organization's id, which is the tenant's id. */
  tenant_id: string;
  name: string;
  /** ISO 4217 code; fixed at registration. */
  default_currency: string;
  /** IANA time zone name. */
  time_zone: string;
  /** First-response and resolution minutes per priority: `{ P1: { firstResponseMinutes, resolutionMinutes }, … }`. */
  sla_policy: Record<string, { firstResponseMinutes: number; resolutionMinutes: number }>;
  /** One hour of the IT team's work, in minor units of `default_currency`: `{ amount, currency }`. */
  labour_rate: { amount: number; currency: string };
  /** Months after which a device of each kind is due for replacement; a kind left out is never due. */
  replacement_age_months: Record<string, number>;
  /** Days after resolution during which the requester may reopen a ticket. */
  ticket_reopen_window_days: number;
  registered_at: Instant;
  /** The last change of any setting (the registration until there is one). */
  updated_at: Instant;
}

export interface OrganizationTables {
  organization_list: OrganizationListTable;
}
