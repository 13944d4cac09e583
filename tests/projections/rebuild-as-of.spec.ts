import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerDevice, sendDeviceToService } from '../../commands/device/device-command-handlers.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  type RecordedEvent,
  withEventSchemas,
} from '../../event-store/index.js';
import {
  AsOfSchemaError,
  allProjections,
  asOfSchemaName,
  rebuildProjections,
  rebuildTenantAsOf,
} from '../../projections/index.js';
import { failureOf, laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';

const envelope = (tenantId: string): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'tech-1', role: 'technician' },
  now: '2026-03-02T10:00:00.000Z',
});

const streamOf = async (store: EventStore, stream: string) => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
};

describe("Rebuilding a tenant's read models as of a date into a schema of their own", function () {
  this.timeout(120_000);
  let store: EventStore;
  // biome-ignore lint/suspicious/noExplicitAny: the tables of every projection, in two schemas
  let db: Kysely<any>;
  let deviceId: string;
  let otherTenantDevice: string;
  let registeredAt: Date;
  let tenantAEvents = 0;

  /** Rebuilds every read model of `tenantId` as of `asOf`, into `schema` or the default one. */
  const rebuildAs = (tenantId: string, asOf: Date, schema?: string) =>
    rebuildTenantAsOf({
      db,
      store,
      projections: allProjections,
      tenantId,
      asOf,
      ...(schema === undefined ? {} : { schema }),
    });

  const devices = async (schema: string) => {
    const { rows } = await sql<{ device_id: string; tenant_id: string; status: string }>`
      select device_id, tenant_id, status from ${sql.id(schema, 'device_list')} order by device_id`.execute(
      db,
    );
    return rows;
  };

  before(async () => {
    const connectionString = await createTestDatabase('asof');
    await migrateEventStore({ connectionString });
    const pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
    const device = laptopPayload();
    deviceId = device.deviceId;
    await executeCommand({ store }, registerDevice, device, envelope('tenant-a'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await executeCommand(
      { store },
      sendDeviceToService,
      { deviceId, reason: 'screen', serviceProvider: 'Fix Ltd' },
      envelope('tenant-a'),
    );
    const other = laptopPayload();
    otherTenantDevice = other.deviceId;
    await executeCommand({ store }, registerDevice, other, envelope('tenant-b'));
    const [registered, sent] = await streamOf(store, `device-${deviceId}`);
    registeredAt = registered?.recordedAt as Date;
    expect(sent?.recordedAt.getTime()).to.be.greaterThan(registeredAt.getTime());
    for await (const event of store.readAll()) if (event.metadata.tenantId === 'tenant-a') tenantAEvents += 1;
    // The live read models, as the projector keeps them.
    await rebuildProjections({ db, store, projections: allProjections });
  });
  after(async () => {
    await store.close();
    await db.destroy();
  });

  it("shows the tenant's device as it was before the later event, and only that tenant's", async () => {
    const result = await rebuildAs('tenant-a', registeredAt);

    expect(result.schema).to.match(/^asof_\d{8}t\d{6}_tenanta_[0-9a-f]{6}$/);
    // Every event of tenant A (the device's and its asset tag's and serial number's reservations) but the last.
    expect(result.events).to.equal(tenantAEvents - 1);
    expect(result.rows.device_list).to.equal(1);
    expect(await devices(result.schema)).to.deep.equal([
      { device_id: deviceId, tenant_id: 'tenant-a', status: 'in_stock' },
    ]);
    const { rows } = await sql<{ tenant_id: string; events: number }>`
      select tenant_id, events from ${sql.id(result.schema, 'as_of_rebuild')}`.execute(db);
    expect(rows).to.deep.equal([{ tenant_id: 'tenant-a', events: tenantAEvents - 1 }]);
  });

  it('leaves the live read models as they were', async () => {
    const before = await devices('public');

    await rebuildAs('tenant-a', registeredAt, 'audit_live_check');

    expect(await devices('public')).to.deep.equal(before);
    expect(before.find((row) => row.device_id === deviceId)?.status).to.equal('in_service');
    expect(before.map((row) => row.device_id)).to.include(otherTenantDevice);
  });

  it('builds empty read models as of a time before the tenant had any event', async () => {
    const result = await rebuildAs('tenant-a', new Date('2020-01-01T00:00:00Z'));

    expect(result.schema).to.match(/^asof_20200101_tenanta_[0-9a-f]{6}$/);
    expect(result.events).to.equal(0);
    expect(result.lastCheckpoint).to.equal(undefined);
    expect(Object.values(result.rows).every((count) => count === 0)).to.equal(true);
  });

  it('replaces an earlier point-in-time schema of the same name with the new state', async () => {
    const schema = 'audit_rerun';
    await rebuildAs('tenant-a', registeredAt, schema);

    await rebuildAs('tenant-a', new Date(), schema);

    expect(await devices(schema)).to.deep.equal([
      { device_id: deviceId, tenant_id: 'tenant-a', status: 'in_service' },
    ]);
  });

  it('names the schemas of two tenants whose ids begin alike apart (UUIDv7 ids of one minute do)', () => {
    const day = new Date('2026-03-01T00:00:00Z');
    const first = asOfSchemaName('0195a1b2-0000-7000-8000-000000000001', day);
    const second = asOfSchemaName('0195a1b2-0000-7000-8000-000000000002', day);

    expect(first).to.match(/^asof_20260301_0195a1b2_[0-9a-f]{6}$/);
    expect(second).to.not.equal(first);
  });

  it("refuses to replace another tenant's point-in-time schema of the same name", async () => {
    const schema = 'audit_tenant_a_only';
    await rebuildAs('tenant-a', registeredAt, schema);

    const failure = await failureOf(rebuildAs('tenant-b', registeredAt, schema));

    expect(failure).to.be.instanceOf(AsOfSchemaError);
    expect((failure as Error).message).to.include("another tenant's");
    expect(await devices(schema)).to.deep.equal([
      { device_id: deviceId, tenant_id: 'tenant-a', status: 'in_stock' },
    ]);
  });

  for (const schema of ['public', 'mine', 'Bad-Name', 'pg_temp_x']) {
    it(`refuses to build into ${schema}, which is not a point-in-time schema it may replace`, async () => {
      await sql`create schema if not exists mine`.execute(db);
      const failure = await failureOf(rebuildAs('tenant-a', registeredAt, schema));

      expect(failure).to.be.instanceOf(AsOfSchemaError);
      expect((await devices('public')).length).to.equal(2);
    });
  }
});
