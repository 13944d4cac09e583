import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createAsOfRebuilds } from '../../app/as-of-rebuilds.js';
import { executeCommand } from '../../commands/command-definition.js';
import { registerDevice } from '../../commands/device/device-command-handlers.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import { allProjections } from '../../projections/index.js';
import type { AsOfRebuildAnswer } from '../../read-api/audit-routes.js';
import type { HistoryAccess, ReadCaller } from '../../read-api/query-route.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';

const caller: ReadCaller = {
  accountId: 'auditor-1',
  tenantId: 'tenant-a',
  roles: ['auditor'],
  personId: null,
  grants: [{ role: 'auditor', tenantId: 'tenant-a' }],
};

/** A store whose reads of the whole log wait for `open()`, or fail with `fail(error)`. */
const gatedStore = (store: EventStore) => {
  let open: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  gate.catch(() => undefined);
  const gated: EventStore = {
    ...store,
    async *readAll(options) {
      await gate;
      yield* store.readAll(options);
    },
  };
  return { store: gated, open: () => open(), fail: (error: Error) => fail(error) };
};

/** A rebuild that started: refusals fail the spec here. */
const building = (started: AsOfRebuildAnswer | string): AsOfRebuildAnswer => {
  if (typeof started === 'string') throw new Error(`The rebuild was refused: ${started}`);
  expect(started.status).to.equal('building');
  return started;
};

describe('Rebuilds as of a date run in the background (app/as-of-rebuilds.ts)', function () {
  this.timeout(60_000);
  let pool: pg.Pool;
  // biome-ignore lint/suspicious/noExplicitAny: every projection's tables
  let db: Kysely<any>;
  let store: EventStore;
  const recorded: HistoryAccess[] = [];
  const rebuildsOver = (over: EventStore, maxRunning?: number) =>
    createAsOfRebuilds({
      db,
      pool,
      store: over,
      projections: allProjections,
      ...(maxRunning ? { maxRunning } : {}),
      recordAccess: async (_caller, access) => {
        recorded.push(access);
      },
    });

  before(async () => {
    const connectionString = await createTestDatabase('asofjobs');
    await migrateEventStore({ connectionString });
    pool = new pg.Pool({ connectionString });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
    await executeCommand({ store }, registerDevice, laptopPayload(), {
      commandId: randomUUID(),
      tenantId: 'tenant-a',
      actor: { id: 'tech-1', role: 'technician' },
      now: '2026-03-02T10:00:00.000Z',
    });
  });
  after(async () => {
    await db.destroy();
  });

  it('shows a rebuild as building with its progress, refuses a second one and its deletion, then is ready', async () => {
    const gated = gatedStore(store);
    const jobs = rebuildsOver(gated.store);

    const started = building(await jobs.rebuilds.start(caller, new Date()));

    expect(started).to.include({ status: 'building', events: 0, builtAt: null });
    expect(started.progress?.total).to.be.greaterThan(0);
    expect(await jobs.rebuilds.start(caller, new Date('2026-01-01'))).to.equal('tenant_running');
    const { rebuildId } = started;
    expect(await jobs.rebuilds.drop('tenant-a', rebuildId)).to.equal(false);
    expect(await jobs.rebuilds.rows('tenant-a', rebuildId, 'device_list', { limit: 10, offset: 0 })).to.equal(
      undefined,
    );
    gated.open();
    await jobs.settled();
    const done = await jobs.rebuilds.get('tenant-a', rebuildId);
    expect(done).to.include({ status: 'ready' });
    expect(done?.events).to.be.greaterThan(0);
    expect(done?.rows).to.include({ device_list: 1 });
    expect(recorded.at(-1)).to.include({ action: 'rebuilt_as_of', result: 'ok', events: done?.events });
    expect(await jobs.rebuilds.drop('tenant-a', rebuildId)).to.equal(true);
  });

  it('refuses a rebuild for another tenant while as many as it runs at once are building, and takes it after', async () => {
    const gated = gatedStore(store);
    const jobs = rebuildsOver(gated.store, 1);
    const otherTenant: ReadCaller = {
      ...caller,
      tenantId: 'tenant-b',
      grants: [{ role: 'auditor', tenantId: 'tenant-b' }],
    };
    const first = building(await jobs.rebuilds.start(caller, new Date()));

    expect(await jobs.rebuilds.start(otherTenant, new Date())).to.equal('too_many_running');

    gated.open();
    await jobs.settled();
    const second = building(await jobs.rebuilds.start(otherTenant, new Date()));
    await jobs.settled();
    for (const [tenantId, started] of [
      ['tenant-a', first],
      ['tenant-b', second],
    ] as const) {
      const { rebuildId } = started;
      expect(await jobs.rebuilds.get(tenantId, rebuildId)).to.include({ status: 'ready' });
      expect(await jobs.rebuilds.drop(tenantId, rebuildId)).to.equal(true);
    }
  });

  it('shows a failed rebuild with its error; after a restart it reads as interrupted', async () => {
    const gated = gatedStore(store);
    const jobs = rebuildsOver(gated.store);
    const before = recorded.length;
    const started = building(await jobs.rebuilds.start(caller, new Date()));
    const { rebuildId } = started;

    gated.fail(new Error('the log could not be read'));
    await jobs.settled();

    expect(await jobs.rebuilds.get('tenant-a', rebuildId)).to.include({
      status: 'failed',
      error: 'the log could not be read',
      builtAt: null,
    });
    expect(recorded.length).to.equal(before);
    const restarted = rebuildsOver(store);
    expect(await restarted.rebuilds.get('tenant-a', rebuildId)).to.include({ status: 'interrupted' });
    expect((await restarted.rebuilds.list('tenant-b')).map((rebuild) => rebuild.rebuildId)).to.deep.equal([]);
    expect(await restarted.rebuilds.drop('tenant-b', rebuildId)).to.equal(false);
    expect(await restarted.rebuilds.drop('tenant-a', rebuildId)).to.equal(true);
  });
});
