import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore } from '../row-store.js';
import type { ReplacementTables } from './replacement.tables.js';

type Data = Record<string, unknown> & { deviceId: string };

const handles = [
  'OrganizationRegistered',
  'OrganizationReplacementPolicyChanged',
  'DeviceRegistered',
  'DeviceAssigned',
  'DeviceReturned',
  'DeviceTransferred',
  'DeviceSentToService',
  'DeviceRepaired',
  'DeviceDeclaredUnrepairable',
  'DeviceRetired',
  'DeviceReportedLost',
] as const;

/** The status and holder after a device event; undefined leaves them as they were. */
const nextState = (event: RecordedEvent): { status: string; holder_id: string | null } | undefined => {
  const d = event.data as Record<string, string | null | undefined>;
  switch (event.type) {
    case 'DeviceAssigned':
      return { status: 'assigned', holder_id: d.personId ?? null };
    case 'DeviceTransferred':
      return { status: 'assigned', holder_id: d.toPersonId ?? null };
    case 'DeviceReturned':
      return { status: 'in_stock', holder_id: null };
    case 'DeviceSentToService':
      return { status: 'in_service', holder_id: d.holderId ?? null };
    case 'DeviceRepaired':
      return d.holderId
        ? { status: 'assigned', holder_id: d.holderId }
        : { status: 'in_stock', holder_id: null };
    case 'DeviceDeclaredUnrepairable':
    case 'DeviceRetired':
      return { status: 'retired', holder_id: null };
    case 'DeviceReportedLost':
      return { status: 'lost', holder_id: null };
    default:
      return undefined;
  }
};

/** Replaces the tenant's whole policy: a kind the new policy leaves out is no longer due by age. */
const setPolicy = async (
  rows: RowStore<ReplacementTables>,
  tenantId: string,
  policy: Record<string, number | undefined>,
) => {
  for (const old of await rows.list('replacement_policies', 'tenant', { tenant_id: tenantId })) {
    await rows.delete('replacement_policies', { tenant_id: old.tenant_id, kind: old.kind });
  }
  for (const [kind, months] of Object.entries(policy)) {
    if (months === undefined) continue;
    rows.put('replacement_policies', { tenant_id: tenantId, kind, age_months: months });
  }
};

/** The rows `apply` reads for the event: the tenant's policy, or the device. */
const needs = (event: RecordedEvent): Need<ReplacementTables>[] => {
  const tenant_id = event.metadata.tenantId as string;
  if (event.type === 'OrganizationRegistered' || event.type === 'OrganizationReplacementPolicyChanged') {
    return [{ table: 'replacement_policies', group: 'tenant', key: { tenant_id } }];
  }
  if (event.type !== 'DeviceRegistered' && !nextState(event)) return [];
  return [{ table: 'replacement_devices', key: { tenant_id, device_id: (event.data as Data).deviceId } }];
};

const migrate = async (db: Kysely<unknown>) => {
  await db.schema
    .createTable('replacement_devices')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('asset_tag', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('purchase_date', 'text', (c) => c.notNull())
    .addColumn('warranty_end', 'text', (c) => c.notNull())
    .addColumn('purchase_cost', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text')
    .addPrimaryKeyConstraint('replacement_devices_pkey', ['tenant_id', 'device_id'])
    .execute();
  await db.schema
    .createIndex('replacement_devices_tenant_status')
    .ifNotExists()
    .on('replacement_devices')
    .columns(['tenant_id', 'status', 'asset_tag'])
    .execute();
  await db.schema
    .createTable('replacement_policies')
    .ifNotExists()
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('age_months', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('replacement_policies_pkey', ['tenant_id', 'kind'])
    .execute();
};

/** The devices of each tenant and its replacement age per kind, for the replacement plan. */
export const replacementProjection: Projection<ReplacementTables> = {
  name: 'replacement-plan',
  version: 1,
  tables: ['replacement_devices', 'replacement_policies'],
  handles,
  rows: {
    replacement_devices: { key: ['tenant_id', 'device_id'] },
    // A tenant's policy is replaced whole; the tenant group is covered by the primary key.
    replacement_policies: { key: ['tenant_id', 'kind'], groups: { tenant: ['tenant_id'] } },
  },
  needs,
  migrate,

  async apply(event: RecordedEvent, rows: RowStore<ReplacementTables>) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    if (event.type === 'OrganizationRegistered' || event.type === 'OrganizationReplacementPolicyChanged') {
      await setPolicy(rows, tenantId, d.replacementAgeMonths as Record<string, number | undefined>);
      return;
    }
    if (event.type === 'DeviceRegistered') {
      const cost = d.purchaseCost as { amount: number; currency: string };
      await rows.insertIfAbsent('replacement_devices', {
        tenant_id: tenantId,
        device_id: d.deviceId,
        asset_tag: d.assetTag as string,
        kind: d.kind as string,
        model: d.model as string,
        purchase_date: d.purchaseDate as string,
        warranty_end: d.warrantyEnd as string,
        purchase_cost: cost.amount,
        currency: cost.currency,
        status: 'in_stock',
        holder_id: null,
      });
      return;
    }
    const state = nextState(event);
    if (!state) return;
    await rows.update('replacement_devices', { tenant_id: tenantId, device_id: d.deviceId }, state);
  },
};
