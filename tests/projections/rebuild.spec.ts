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
  withEventSchemas,
} from '../../event-store/index.js';
import {
  auditProjection,
  createProjectionRunner,
  type DeviceTables,
  deviceProjection,
  listDevices,
  type RebuildProgress,
  rebuildProjection,
  rebuildProjections,
} from '../../projections/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';

const envelope = (): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId: 'tenant-a',
  actor: { id: 'tech-1', role: 'technician' },
  now: '2026-03-02T10:00:00.000Z',
});

describe('Rebuilding a projection while it serves', function () {
  this.timeout(120_000);
  let store: EventStore;
  let db: Kysely<DeviceTables>;

  beforeEach(async () => {
    const connectionString = await createTestDatabase('rebuild');
    await migrateEventStore({ connectionString });
    const pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
    db = new Kysely<DeviceTables>({ dialect: new PostgresDialect({ pool }) });
    store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
  });
  afterEach(async () => {
    await store.close();
    await db.destroy();
  });

  const register = async (count: number) => {
    let last: string | undefined;
    for (let i = 0; i < count; i += 1) {
      const device = laptopPayload();
      await executeCommand({ store }, registerDevice, device, envelope());
      last = (
        await executeCommand(
          { store },
          sendDeviceToService,
          { deviceId: device.deviceId, reason: 'x', serviceProvider: 'y' },
          envelope(),
        )
      ).checkpoint;
    }
    return last as string;
  };

  it('keeps answering reads with every device while a new version is built and swapped in, writes going on', async () => {
    const live = createProjectionRunner({ db, store, projections: [deviceProjection], batchMs: 5 });
    await live.start();
    const before = await register(150);
    expect(await live.waitForCheckpoint(before, 10_000)).to.equal(true);

    let reading = true;
    let reads = 0;
    let fewest = Number.POSITIVE_INFINITY;
    const readErrors: unknown[] = [];
    const reader = (async () => {
      while (reading) {
        try {
          const { items } = await listDevices(db, 'tenant-a', { limit: 500 });
          fewest = Math.min(fewest, items.length);
          reads += 1;
        } catch (error) {
          readErrors.push(error);
        }
      }
    })();
    const writes = register(20);

    const progress: RebuildProgress[] = [];
    const next = { ...deviceProjection, version: 2 };
    const upgraded = createProjectionRunner({
      db,
      store,
      projections: [next],
      batchMs: 5,
      rebuildBatchSize: 50,
    });
    await rebuildProjection({
      db,
      store,
      projection: next,
      batchSize: 50,
      onProgress: (p) => progress.push(p),
    });
    await upgraded.start();
    const after = await writes;
    expect(await upgraded.waitForCheckpoint(after, 10_000)).to.equal(true);
    reading = false;
    await reader;
    live.stop();
    upgraded.stop();

    expect(readErrors).to.deep.equal([]);
    expect(reads).to.be.greaterThan(10);
    expect(fewest, 'a read never saw fewer devices than there were before the rebuild').to.be.at.least(150);
    expect((await listDevices(db, 'tenant-a', { limit: 500 })).items).to.have.length(170);
    const { rows } = await sql<{ n: string }>`select count(*) as n from device_timeline`.execute(db);
    expect(Number(rows[0]?.n)).to.equal(340);
    const { rows: versions } = await sql<{ version: number }>`
      select version from projection_checkpoints where name = 'devices'`.execute(db);
    expect(versions[0]?.version).to.equal(2);
    expect(progress.at(-1)).to.include({ projection: 'devices', done: true });
    expect(progress.at(-1)?.eventsPerSecond).to.be.greaterThan(0);
  });

  it('rebuilds at start, by itself, a projection whose version changed', async () => {
    const first = createProjectionRunner({ db, store, projections: [deviceProjection], batchMs: 5 });
    await first.start();
    const written = await register(10);
    expect(await first.waitForCheckpoint(written, 10_000)).to.equal(true);
    first.stop();
    // the stored rows are damaged; only a rebuild brings them back
    await sql`delete from device_list`.execute(db);
    const next = createProjectionRunner({
      db,
      store,
      projections: [{ ...deviceProjection, version: 2 }],
      batchMs: 5,
    });
    await next.start();
    next.stop();
    expect((await listDevices(db, 'tenant-a')).items).to.have.length(10);
  });

  it('rebuilds several projections from one read of the log, each swapped in at the same checkpoint', async () => {
    const live = createProjectionRunner({
      db,
      store,
      projections: [deviceProjection, auditProjection],
      batchMs: 5,
    });
    await live.start();
    const written = await register(30);
    expect(await live.waitForCheckpoint(written, 10_000)).to.equal(true);
    live.stop();
    // the stored rows are damaged; only a rebuild brings them back
    await sql`delete from device_list; delete from device_timeline; delete from audit_log`.execute(db);

    const progress: RebuildProgress[] = [];
    await rebuildProjections({
      db,
      store,
      projections: [deviceProjection, auditProjection],
      batchSize: 7,
      onProgress: (p) => progress.push(p),
    });

    const count = async (table: string) => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table)}`.execute(db);
      return rows[0]?.n;
    };
    expect(await count('device_list')).to.equal(30);
    expect(await count('device_timeline')).to.equal(60);
    const events = await count('es_events');
    expect(await count('audit_log'), 'every event, identifier reservations included').to.equal(events);
    const { rows } = await sql<{ name: string; checkpoint: string }>`
      select name, checkpoint from projection_checkpoints order by name`.execute(db);
    expect(rows).to.deep.equal([
      { name: 'audit-log', checkpoint: written },
      { name: 'devices', checkpoint: written },
    ]);
    expect(progress.at(-1)).to.include({ projection: 'devices, audit-log', events, done: true });
    const { rows: schemas } = await sql<{ n: number }>`
      select count(*)::int as n from pg_namespace where nspname like 'rebuild_%'`.execute(db);
    expect(schemas[0]?.n, 'no staging schema is left behind').to.equal(0);
  });
});
