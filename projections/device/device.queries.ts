import { type Kysely, sql } from 'kysely';
import { decodeCursor as decode, pageLimit, pageOf } from '../pagination.js';
import type { DeviceTables } from './device.tables.js';

export interface DeviceListFilter {
  status?: string;
  kind?: string;
  holderId?: string;
  /** Matches the start of the asset tag or serial number, ignoring case. */
  search?: string;
  cursor?: string;
  limit?: number;
}

/** The tenant's devices ordered by asset tag, a page at a time (keyset: fast on any page). */
export const listDevices = async (
  db: Kysely<DeviceTables>,
  tenantId: string,
  filter: DeviceListFilter = {},
) => {
  const limit = pageLimit(filter.limit);
  let query = db.selectFrom('device_list').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.holderId) query = query.where('holder_id', '=', filter.holderId);
  if (filter.search) {
    const prefix = `${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('asset_tag', 'ilike', prefix), eb('serial_number', 'ilike', prefix)]),
    );
  }
  if (filter.cursor) {
    const [assetTag, deviceId] = decode(filter.cursor) as [string, string];
    query = query.where(sql<boolean>`(asset_tag, device_id) > (${assetTag}, ${deviceId})`);
  }
  const rows = await query
    .orderBy('asset_tag')
    .orderBy('device_id')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (last) => [last.asset_tag, last.device_id]);
};

/** One device of the tenant, or undefined (also for another tenant's device). */
export const deviceCard = (db: Kysely<DeviceTables>, tenantId: string, deviceId: string) =>
  db
    .selectFrom('device_list')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();

/** A device's life in order, oldest first, a page at a time. */
export const deviceTimeline = async (
  db: Kysely<DeviceTables>,
  tenantId: string,
  deviceId: string,
  page: { cursor?: string; limit?: number } = {},
) => {
  const limit = pageLimit(page.limit, 100);
  let query = db
    .selectFrom('device_timeline')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId);
  if (page.cursor) query = query.where('checkpoint', '>', decode(page.cursor)[0] as string);
  const rows = await query
    .orderBy('checkpoint')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (last) => [last.checkpoint]);
};
