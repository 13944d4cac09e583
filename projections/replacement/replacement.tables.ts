import type { ColumnType } from 'kysely';

/** One row per device: what deciding on its replacement needs. */
export interface ReplacementDeviceTable {
  tenant_id: string;
  device_id: string;
  asset_tag: string;
  kind: string;
  model: string;
  /** ISO date (YYYY-MM-DD). */
  purchase_date: string;
  /** ISO date (YYYY-MM-DD). */
  warranty_end: string;
  /** Minor units of `currency`. */
  purchase_cost: ColumnType<string, number, number>;
  currency: string;
  /** in_stock, assigned, in_service, retired or lost. */
  status: string;
  holder_id: string | null;
}

/** After how many months a device of a kind is due; a kind without a row is never due by age. */
export interface ReplacementPolicyTable {
  tenant_id: string;
  kind: string;
  age_months: number;
}

export interface ReplacementTables {
  replacement_devices: ReplacementDeviceTable;
  replacement_policies: ReplacementPolicyTable;
}
