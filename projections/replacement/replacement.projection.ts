import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
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
  trx: Transaction<ReplacementTables>,
  tenantId: string,
  policy: Record<string, number | undefined>,
) => {
  await trx.deleteFrom('replacement_policies').where('tenant_id', '=', tenantId).execute();
  const rows = Object.entries(policy).flatMap(([kind, months]) =>
    months === undefined ? [] : [{ tenant_id: tenantId, kind, age_months: months }],
  );
  if (rows.length > 0) await trx.insertInto('replacement_policies').values(rows).execute();
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
  migrate,

  async apply(event: RecordedEvent, trx: Transaction<ReplacementTables>) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    if (event.type === 'OrganizationRegistered' || event.type === 'OrganizationReplacementPolicyChanged') {
      await setPolicy(trx, tenantId, d.replacementAgeMonths as Record<string, number | undefined>);
      return;
    }
    if (event.type === 'DeviceRegistered') {
      const cost = d.purchaseCost as { amount: number; currency: string };
      await trx
        .insertInto('replacement_devices')
        .values({
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
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'device_id']).doNothing())
        .execute();
      return;
    }
    const state = nextState(event);
    if (!state) return;
    await trx
      .updateTable('replacement_devices')
      .set(state)
      .where('tenant_id', '=', tenantId)
      .where('device_id', '=', d.deviceId)
      .execute();
  },
};
