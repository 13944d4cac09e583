import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { RowStore } from '../row-store.js';
import type { DeviceTables } from './device.tables.js';

type Data = Record<string, unknown> & { deviceId: string };

const lifecycle = [
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

/** When the event happened by the domain's clock (its `…At` field), else when it was stored. */
const occurredAt = (event: RecordedEvent): string => {
  const at = Object.entries(event.data).find(
    ([key, value]) => key.endsWith('At') && typeof value === 'string',
  );
  return (at?.[1] as string | undefined) ?? event.recordedAt.toISOString();
};

/** Who the device went from and to, for the timeline's "from and to whom". */
const movement = (event: RecordedEvent): { from: string | null; to: string | null } => {
  const d = event.data as Record<string, string | null | undefined>;
  switch (event.type) {
    case 'DeviceAssigned':
      return { from: null, to: d.personId ?? null };
    case 'DeviceReturned':
      return { from: d.personId ?? null, to: null };
    case 'DeviceTransferred':
      return { from: d.fromPersonId ?? null, to: d.toPersonId ?? null };
    case 'DeviceReportedLost':
    case 'DeviceDeclaredUnrepairable':
      return { from: d.holderId ?? null, to: null };
    default:
      return { from: null, to: null };
  }
};

/** The status and holder after an event; undefined leaves them as they were. */
const nextState = (event: RecordedEvent): { status: string; holder_id: string | null } | undefined => {
  const d = event.data as Record<string, string | null>;
  switch (event.type) {
    case 'DeviceAssigned':
      return { status: 'assigned', holder_id: d.personId ?? null };
    case 'DeviceReturned':
      return { status: 'in_stock', holder_id: null };
    case 'DeviceTransferred':
      return { status: 'assigned', holder_id: d.toPersonId ?? null };
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

const costOf = (event: RecordedEvent): { amount: number; currency: string } | undefined => {
  if (event.type !== 'DeviceRepaired' && event.type !== 'DeviceDeclaredUnrepairable') return undefined;
  return event.data.cost as { amount: number; currency: string };
};

/** The device list and card, and each device's lifecycle timeline. */
export const deviceProjection: Projection<DeviceTables> = {
  name: 'devices',
  version: 1,
  tables: ['device_list', 'device_timeline'],
  handles: lifecycle,
  rows: {
    device_list: { key: ['tenant_id', 'device_id'] },
    device_timeline: { key: ['tenant_id', 'device_id', 'checkpoint'], appendOnly: true },
  },
  needs: (event) =>
    event.type === 'DeviceRegistered'
      ? []
      : [
          {
            table: 'device_list',
            key: { tenant_id: event.metadata.tenantId as string, device_id: event.data.deviceId as string },
          },
        ],

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('device_list')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('asset_tag', 'text', (c) => c.notNull())
      .addColumn('serial_number', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('supplier', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('holder_id', 'text')
      .addColumn('purchase_date', 'text', (c) => c.notNull())
      .addColumn('purchase_cost', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('repair_cost', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('warranty_end', 'text', (c) => c.notNull())
      .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_list_pkey', ['tenant_id', 'device_id'])
      .execute();
    await db.schema
      .createIndex('device_list_tenant_asset_tag')
      .ifNotExists()
      .on('device_list')
      .columns(['tenant_id', 'asset_tag', 'device_id'])
      .execute();
    await db.schema
      .createIndex('device_list_tenant_status')
      .ifNotExists()
      .on('device_list')
      .columns(['tenant_id', 'status', 'asset_tag'])
      .execute();
    await db.schema
      .createIndex('device_list_tenant_holder')
      .ifNotExists()
      .on('device_list')
      .columns(['tenant_id', 'holder_id'])
      .execute();
    await db.schema
      .createTable('device_timeline')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('checkpoint', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_role', 'text')
      .addColumn('from_person_id', 'text')
      .addColumn('to_person_id', 'text')
      .addColumn('details', 'jsonb', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_timeline_pkey', ['tenant_id', 'device_id', 'checkpoint'])
      .execute();
  },

  async apply(event: RecordedEvent, rows: RowStore<DeviceTables>) {
    const tenantId = event.metadata.tenantId as string;
    const data = event.data as Data;
    const at = occurredAt(event);
    const actor = event.metadata.actor as { id?: string; role?: string } | undefined;
    const { from, to } = movement(event);
    rows.append('device_timeline', {
      tenant_id: tenantId,
      device_id: data.deviceId,
      checkpoint: event.checkpoint,
      event_type: event.type,
      occurred_at: at,
      actor_id: actor?.id ?? null,
      actor_role: actor?.role ?? null,
      from_person_id: from,
      to_person_id: to,
      details: data,
    });

    if (event.type === 'DeviceRegistered') {
      const cost = data.purchaseCost as { amount: number; currency: string };
      rows.put('device_list', {
        tenant_id: tenantId,
        device_id: data.deviceId,
        asset_tag: data.assetTag as string,
        serial_number: data.serialNumber as string,
        kind: data.kind as string,
        model: data.model as string,
        vendor: data.vendor as string,
        supplier: (data.supplier as string | null) ?? null,
        status: 'in_stock',
        holder_id: null,
        purchase_date: data.purchaseDate as string,
        purchase_cost: cost.amount,
        currency: cost.currency,
        repair_cost: 0,
        warranty_end: data.warrantyEnd as string,
        registered_at: at,
        updated_at: at,
      });
      return;
    }
    const state = nextState(event);
    const cost = costOf(event);
    await rows.update('device_list', { tenant_id: tenantId, device_id: data.deviceId }, (row) => ({
      ...(state ?? {}),
      updated_at: at,
      // Repairs paid in another currency than the purchase are not added up here (see the cost report).
      ...(cost && cost.currency === row.currency
        ? { repair_cost: Number(row.repair_cost) + cost.amount }
        : {}),
    }));
  },
};
