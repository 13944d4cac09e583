import type { ColumnType } from 'kysely';

/** One row per person of the tenant: what the people list and the person card show. */
export interface PersonListTable {
  tenant_id: string;
  person_id: string;
  name: string;
  email: string;
  department: string;
  cost_centre: string;
  /** Work phone number; null when there is none, and once erased. */
  phone: string | null;
  /** Free text about the person, for the person card only (not the list); null when none, and once erased. */
  notes: string | null;
  /** planned, active, leaving or departed. */
  status: string;
  planned_start: string;
  registered_at: ColumnType<Date, string, string>;
  started_at: ColumnType<Date | null, string | null, string | null>;
  departed_at: ColumnType<Date | null, string | null, string | null>;
  /** The offboarding that made the person leaving; null before one starts. */
  offboarding_process_id: string | null;
  /** When the person's personal data was erased (name, e-mail, phone, notes: placeholders); null before. */
  erased_at: ColumnType<Date | null, string | null, string | null>;
  updated_at: ColumnType<Date, string, string>;
}

/** One row per stretch of time a person held a device; the same device twice gives two rows. */
export interface PersonDevicePeriodTable {
  tenant_id: string;
  person_id: string;
  device_id: string;
  /** Checkpoint of the event that handed the device over: tells two periods of one device apart. */
  start_checkpoint: string;
  held_from: ColumnType<Date, string, string>;
  /** Null while the person still holds the device. */
  held_until: ColumnType<Date | null, string | null, string | null>;
  /** The event that ended the period (DeviceReturned, DeviceTransferred, …); null while open. */
  ended_by: string | null;
}

/** One row per access (account or licence) a person was granted. */
export interface PersonAccessTable {
  tenant_id: string;
  person_id: string;
  access_id: string;
  system: string;
  /** Minor units of `currency`. */
  monthly_cost: ColumnType<string, number, number>;
  currency: string;
  granted_at: ColumnType<Date, string, string>;
  revoked_at: ColumnType<Date | null, string | null, string | null>;
}

/** Tickets the person requested and processes started about them (ProcessStarted parameters.personId). */
export interface PersonLinkTable {
  tenant_id: string;
  person_id: string;
  /** 'ticket' or 'process'. */
  kind: string;
  ref_id: string;
  title: string;
  opened_at: ColumnType<Date, string, string>;
  checkpoint: string;
}

export interface PersonTables {
  person_list: PersonListTable;
  person_device_periods: PersonDevicePeriodTable;
  person_accesses: PersonAccessTable;
  person_links: PersonLinkTable;
}
