import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  assignDevice,
  completeDeviceRepair,
  registerDevice,
  returnDevice,
  sendDeviceToService,
  transferDevice,
} from '../../commands/device/device-command-handlers.js';
import { registerPerson } from '../../commands/person/person-command-handlers.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import {
  createProjectionRunner,
  type DeviceTables,
  deviceCard,
  deviceProjection,
  deviceTimeline,
  listDevices,
  type ProjectionRunner,
} from '../../projections/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';

const envelope = (tenantId = 'tenant-a', now = '2026-03-02T10:00:00.000Z'): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'tech-1', role: 'technician' },
  now,
});

describe('Device projection: list, card and lifecycle timeline', () => {
  let raw: EventStore;
  let store: EventStore;
  let pool: pg.Pool;
  let db: Kysely<DeviceTables>;
  let runner: ProjectionRunner;

  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope()) =>
    executeCommand({ store }, definition, payload, env);
  const person = async (tenantId = 'tenant-a') => {
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name: 'Osoba',
        email: `${personId}@example.pl`,
        department: 'Ops',
        costCentre: 'CC-1',
        plannedStart: '2026-01-01',
      },
      envelope(tenantId),
    );
    return personId;
  };
  /** Waits until the projection has applied everything a command just wrote. */
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };

  beforeEach(async () => {
    const connectionString = await createTestDatabase('projection');
    await migrateEventStore({ connectionString });
    raw = createPostgresEventStore({ connectionString });
    store = withEventSchemas(raw, schemaRegistry);
    pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
    db = new Kysely<DeviceTables>({ dialect: new PostgresDialect({ pool }) });
    runner = createProjectionRunner({ db, store, projections: [deviceProjection], batchMs: 5 });
    await runner.start();
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('follows a device across three people, with from and to on every move', async () => {
    const [anna, bartek, celina] = [await person(), await person(), await person()];
    const device = laptopPayload();
    await run(registerDevice, device);
    await run(assignDevice, { deviceId: device.deviceId, personId: anna });
    await run(transferDevice, { deviceId: device.deviceId, toPersonId: bartek });
    await run(returnDevice, { deviceId: device.deviceId, condition: 'worn', note: 'Scratches' });
    const last = await run(assignDevice, { deviceId: device.deviceId, personId: celina });
    await settled(last);

    const { items } = await deviceTimeline(db, 'tenant-a', device.deviceId);
    expect(items.map((row) => [row.event_type, row.from_person_id, row.to_person_id])).to.deep.equal([
      ['DeviceRegistered', null, null],
      ['DeviceAssigned', null, anna],
      ['DeviceTransferred', anna, bartek],
      ['DeviceReturned', bartek, null],
      ['DeviceAssigned', null, celina],
    ]);
    expect(items.every((row) => row.actor_id === 'tech-1' && row.actor_role === 'technician')).to.equal(true);
    expect(await deviceCard(db, 'tenant-a', device.deviceId)).to.include({
      status: 'assigned',
      holder_id: celina,
    });
  });

  it('adds repairs in the purchase currency to the cost of ownership and brings the device back to its holder', async () => {
    const anna = await person();
    const device = laptopPayload();
    await run(registerDevice, device);
    await run(assignDevice, { deviceId: device.deviceId, personId: anna });
    await run(sendDeviceToService, { deviceId: device.deviceId, reason: 'Fan', serviceProvider: 'Serwis' });
    const repaired = await run(completeDeviceRepair, {
      deviceId: device.deviceId,
      cost: { amount: 35000, currency: 'PLN' },
      note: 'Fan replaced',
    });
    await settled(repaired);
    const card = await deviceCard(db, 'tenant-a', device.deviceId);
    expect(card).to.include({ status: 'assigned', holder_id: anna, currency: 'PLN' });
    expect(Number(card?.purchase_cost) + Number(card?.repair_cost)).to.equal(549900 + 35000);
  });

  it('shows an old DeviceRegistered v1 upcast: the supplier is unknown', async () => {
    const deviceId = randomUUID();
    const { supplier: _, ...v1 } = {
      ...laptopPayload({ deviceId }),
      registeredAt: '2024-05-01T08:00:00.000Z',
    };
    const written = await raw.appendToStream(
      `device-${deviceId}`,
      [
        {
          id: randomUUID(),
          type: 'DeviceRegistered',
          data: v1,
          metadata: { tenantId: 'tenant-a', schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await settled(written);
    expect(await deviceCard(db, 'tenant-a', deviceId)).to.include({ supplier: null, status: 'in_stock' });
  });

  it("pages through a tenant's devices by asset tag and never shows another tenant's", async () => {
    const tags = ['A-003', 'A-001', 'A-005', 'A-002', 'A-004'];
    let last: { checkpoint: string | undefined } = { checkpoint: undefined };
    for (const assetTag of tags) last = await run(registerDevice, laptopPayload({ assetTag }));
    const foreignDevice = laptopPayload({ assetTag: 'A-000' });
    const foreign = await run(registerDevice, foreignDevice, envelope('tenant-b'));
    await settled(last);
    await settled(foreign);
    const first = await listDevices(db, 'tenant-a', { limit: 2 });
    const second = await listDevices(db, 'tenant-a', { limit: 2, cursor: first.nextCursor as string });
    const third = await listDevices(db, 'tenant-a', { limit: 2, cursor: second.nextCursor as string });
    expect([...first.items, ...second.items, ...third.items].map((d) => d.asset_tag)).to.deep.equal([
      'A-001',
      'A-002',
      'A-003',
      'A-004',
      'A-005',
    ]);
    expect(third.nextCursor).to.equal(undefined);
    expect((await listDevices(db, 'tenant-a', { search: 'a-00' })).items).to.have.length(5);
    expect(await deviceCard(db, 'tenant-a', foreignDevice.deviceId)).to.equal(undefined);
  });

  it('resumes after a restart from its checkpoint, applying each event once', async () => {
    const device = laptopPayload();
    await settled(await run(registerDevice, device));
    runner.stop();
    await run(sendDeviceToService, {
      deviceId: device.deviceId,
      reason: 'Screen',
      serviceProvider: 'Serwis',
    });
    const restarted = createProjectionRunner({ db, store, projections: [deviceProjection], batchMs: 5 });
    await restarted.start();
    try {
      const [status] = restarted.status();
      expect(status?.checkpoint).to.be.a('string');
      expect(
        (await deviceTimeline(db, 'tenant-a', device.deviceId)).items.map((r) => r.event_type),
      ).to.deep.equal(['DeviceRegistered', 'DeviceSentToService']);
    } finally {
      restarted.stop();
    }
  });
});
