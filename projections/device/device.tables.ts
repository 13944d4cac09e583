import type { ColumnType } from 'kysely';

/** One row per device: what the device list and the device card show. */
export interface DeviceListTable {
  tenant_id: string;
  device_id: string;
  asset_tag: string;
  serial_number: string;
  kind: string;
  model: string;
  vendor: string;
  supplier: string | null;
  status: string;
  holder_id: string | null;
  purchase_date: string;
  /** Minor units; `currency` applies to the purchase and to the repair costs summed here. */
  purchase_cost: ColumnType<string, number, number>;
  currency: string;
  /** Repairs and diagnoses paid in the purchase currency. */
  repair_cost: ColumnType<string, number, number>;
  warranty_end: string;
  registered_at: ColumnType<Date, string, string>;
  updated_at: ColumnType<Date, string, string>;
}

/** One row per event in a device's life: what happened, who did it, from and to whom. */
export interface DeviceTimelineTable {
  tenant_id: string;
  device_id: string;
  checkpoint: string;
  event_type: string;
  occurred_at: ColumnType<Date, string, string>;
  actor_id: string | null;
  actor_role: string | null;
  from_person_id: string | null;
  to_person_id: string | null;
  details: Record<string, unknown>;
}

export interface DeviceTables {
  device_list: DeviceListTable;
  device_timeline: DeviceTimelineTable;
}
