import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventSchemas } from '../../domain/event-catalogue.js';
import {
  createPostgresEventStore,
  EventSchemaError,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import { createTestDatabase } from '../support/database.js';
import { collect, newStream, receive } from '../support/events.js';
import { schemaRegistry } from '../support/stores.js';

const registeredV2 = (deviceId: string) => ({
  deviceId,
  assetTag: 'LAP-0001',
  serialNumber: 'SN-1',
  kind: 'laptop',
  model: 'T14',
  vendor: 'Lenovo',
  purchaseDate: '2025-01-15',
  purchaseCost: { amount: 549900, currency: 'PLN' },
  warrantyEnd: '2028-01-15',
  supplier: 'Komputronik',
  registeredAt: '2025-01-16T09:00:00.000Z',
});

describe('Event schemas on the append and read paths', () => {
  let raw: EventStore;
  let store: EventStore;
  before(async () => {
    const connectionString = await createTestDatabase('schemas');
    await migrateEventStore({ connectionString });
    raw = createPostgresEventStore({ connectionString });
    store = withEventSchemas(raw, schemaRegistry);
  });
  after(async () => {
    await raw.close();
  });

  it('gives every event type a schema that compiles', () => {
    expect(eventSchemas.length).to.be.greaterThan(0);
    for (const { type } of eventSchemas) expect(schemaRegistry.latestVersion(type)).to.be.a('number');
  });

  it('stores a valid event in the latest version', async () => {
    const deviceId = randomUUID();
    const stream = `device-${deviceId}`;
    await store.appendToStream(
      stream,
      [{ id: randomUUID(), type: 'DeviceRegistered', data: registeredV2(deviceId), metadata: {} }],
      {
        expectedRevision: 'no_stream',
      },
    );
    const [stored] = await collect(raw.readStream(stream));
    expect(stored?.metadata.schemaVersion).to.equal(2);
  });

  it('refuses an invalid event and stores nothing', async () => {
    const deviceId = randomUUID();
    const stream = `device-${deviceId}`;
    const invalid = {
      ...registeredV2(deviceId),
      purchaseCost: { amount: -5, currency: 'PLN' },
      colour: 'red',
    };
    const error = await store
      .appendToStream(stream, [{ id: randomUUID(), type: 'DeviceRegistered', data: invalid, metadata: {} }], {
        expectedRevision: 'no_stream',
      })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(EventSchemaError);
    expect((error as EventSchemaError).problems.join(' ')).to.match(/purchaseCost\/amount/);
    expect((error as EventSchemaError).problems.join(' ')).to.match(/additional properties/);
    expect(await collect(raw.readStream(stream))).to.deep.equal([]);
  });

  it('refuses an unknown event type and an old version on append', async () => {
    const stream = newStream();
    const unknown = await store
      .appendToStream(stream, [{ id: randomUUID(), type: 'DeviceTeleported', data: {}, metadata: {} }], {
        expectedRevision: 'any',
      })
      .catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(EventSchemaError);
    const { supplier: _, ...v1 } = registeredV2(randomUUID());
    const old = await store
      .appendToStream(
        stream,
        [{ id: randomUUID(), type: 'DeviceRegistered', data: v1, metadata: { schemaVersion: 1 } }],
        {
          expectedRevision: 'any',
        },
      )
      .catch((e: unknown) => e);
    expect(old).to.be.instanceOf(EventSchemaError);
  });

  it('reads a stored DeviceRegistered v1 (no supplier) as v2 with an unknown supplier, leaving the stored event as it was', async () => {
    const deviceId = randomUUID();
    const stream = `device-${deviceId}`;
    const { supplier: _, ...v1 } = registeredV2(deviceId);
    // written as an older release of the product wrote it, straight to the store
    await raw.appendToStream(
      stream,
      [{ id: randomUUID(), type: 'DeviceRegistered', data: v1, metadata: { schemaVersion: 1 } }],
      {
        expectedRevision: 'no_stream',
      },
    );
    const [read] = await collect(store.readStream(stream));
    expect(read?.data).to.deep.equal({ ...v1, supplier: null });
    expect(read?.metadata).to.include({ schemaVersion: 2, storedSchemaVersion: 1 });
    const [live] = await receive(store.subscribeToAll(), [stream], 1);
    expect(live?.data.supplier).to.equal(null);
    const [stored] = await collect(raw.readStream(stream));
    expect(stored?.data).to.not.have.property('supplier');
    expect(stored?.metadata.schemaVersion).to.equal(1);
  });
});
