import { expect } from 'chai';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { demoLogins } from '../../app/demo/demo-logins.js';
import { type DemoSeedResult, isEmpty, seedDemo } from '../../app/demo/seed-demo.js';
import { verifyPassword } from '../../commands/account/password.js';
import { reactToProcessEvent } from '../../commands/process/process-manager.js';
import {
  createInMemoryEventStore,
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  type RecordedEvent,
  withEventSchemas,
} from '../../event-store/index.js';
import {
  type AccountTables,
  allProjections,
  type CostTables,
  costCategories,
  costReport,
  createProjectionRunner,
  type DashboardTables,
  type DeviceTables,
  dashboard,
  decisionsWaiting,
  deviceTimeline,
  findLoginAccount,
  listDevices,
  listPeople,
  listProcesses,
  listTickets,
  type PersonTables,
  type ProcessCardTables,
  type ProcessTables,
  type ProjectionRunner,
  personCard,
  processCard,
  type TicketTables,
} from '../../projections/index.js';
import { createTestDatabase } from '../support/database.js';
import { collect } from '../support/events.js';
import { schemaRegistry } from '../support/stores.js';

/** Cheap enough for a test; the hashes still verify like production ones. */
const passwordCost = { N: 1024, r: 8, p: 1 };
const monthsBack = (now: Date, back: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);

describe('The demo seed', function () {
  this.timeout(120_000);
  const now = new Date();
  let store: EventStore;
  let db: Kysely<unknown>;
  let runner: ProjectionRunner;
  let emptyBefore: boolean;
  let seed: DemoSeedResult;
  let log: RecordedEvent[];
  const tables = <Tables>() => db as unknown as Kysely<Tables>;

  before(async () => {
    const connectionString = await createTestDatabase('demo');
    await migrateEventStore({ connectionString });
    const pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
    db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
    emptyBefore = await isEmpty(store);
    const started = performance.now();
    seed = await seedDemo(store, { now, passwordCost });
    console.log(`      (seeded ${seed.events} events in ${Math.round(performance.now() - started)} ms)`);
    log = await collect(store.readAll());
    runner = createProjectionRunner({ db, store, projections: allProjections, batchMs: 5 });
    await runner.start();
    expect(await runner.waitForCheckpoint(log.at(-1)?.checkpoint as string, 60_000)).to.equal(true);
  });
  after(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('writes into an empty store, which is then no longer empty, and counts what it wrote', async () => {
    expect(emptyBefore).to.equal(true);
    expect(await isEmpty(store)).to.equal(false);
    expect(seed.events).to.equal(log.length);
    expect(seed.events).to.be.within(500, 3000);
  });

  it('runs forward in time, all of it within the year before now', () => {
    const times = log.map((event) => Date.parse(instantOf(event)));
    expect(times.every((time, i) => i === 0 || time >= (times[i - 1] as number))).to.equal(true);
    expect(times[0]).to.be.above(now.getTime() - 366 * 86_400_000);
    expect(times.at(-1)).to.be.below(now.getTime());
  });

  it('registers two client companies with their people and devices', async () => {
    expect(seed.tenants.map((t) => t.name)).to.deep.equal([
      'Kowalski Logistics sp. z o.o.',
      'Nordlicht Design GmbH',
    ]);
    for (const { tenantId } of seed.tenants) {
      const people = (await listPeople(tables<PersonTables>(), tenantId, { limit: 100 })).items;
      expect(people.length).to.be.within(8, 15);
      expect(new Set(people.map((p) => p.status))).to.include.members(['planned', 'active', 'departed']);
      const devices = (await listDevices(tables<DeviceTables>(), tenantId, { limit: 100 })).items;
      expect(devices.length).to.be.within(15, 30);
      expect(new Set(devices.map((d) => d.status))).to.include.members([
        'in_stock',
        'assigned',
        'lost',
        'retired',
      ]);
    }
  });

  it('has tickets in every status in each company, and one reopened', async () => {
    for (const { tenantId } of seed.tenants) {
      const tickets = (await listTickets(tables<TicketTables>(), tenantId, { limit: 100 }, now)).items;
      expect(new Set(tickets.map((t) => t.status))).to.have.all.keys(
        'new',
        'in_progress',
        'waiting_for_client',
        'resolved',
        'closed',
      );
      expect(tickets.some((t) => Number(t.billable_minutes) > 0 && t.assignee_id !== null)).to.equal(true);
    }
    expect(log.filter((event) => event.type === 'TicketReopened')).to.have.length(1);
    expect(
      new Set(log.filter((e) => e.type === 'TicketCommented').map((e) => e.data.visibility)),
    ).to.have.all.keys('public', 'internal');
  });

  it('has devices that changed hands, went through service, were declared unrepairable or lost', async () => {
    const [kowalski] = seed.tenants.map((t) => t.tenantId) as [string];
    const devices = (await listDevices(tables<DeviceTables>(), kowalski, { limit: 100 })).items;
    const holders = await Promise.all(
      devices.map(async (device) => {
        const timeline = (await deviceTimeline(tables<DeviceTables>(), kowalski, device.device_id)).items;
        return new Set(timeline.flatMap((row) => (row.to_person_id ? [row.to_person_id] : []))).size;
      }),
    );
    expect(Math.max(...holders)).to.be.at.least(2);
    expect(devices.some((d) => d.status === 'in_service')).to.equal(true);
    expect(log.some((e) => e.type === 'DeviceDeclaredUnrepairable')).to.equal(true);
    const repaired = log.filter((e) => e.type === 'DeviceRepaired').map((e) => e.data.deviceId);
    expect(repaired).to.have.length.at.least(1);
  });

  it('runs processes: an onboarding waits for the client manager, an offboarding has finished', async () => {
    const [kowalski] = seed.tenants.map((t) => t.tenantId) as [string];
    const onboardings = (await listProcesses(tables<ProcessTables>(), kowalski, { kind: 'onboarding' }))
      .items;
    const running = onboardings.filter((p) => p.status === 'running');
    expect(running).to.have.length(1);
    expect(onboardings.some((p) => p.status === 'completed')).to.equal(true);
    const waiting = await decisionsWaiting(tables<ProcessTables>(), kowalski);
    expect(waiting.map((w) => w.process_id)).to.include(running[0]?.process_id);

    for (const { tenantId } of seed.tenants) {
      const offboardings = (await listProcesses(tables<ProcessTables>(), tenantId, { kind: 'offboarding' }))
        .items;
      const finished = offboardings.find((p) => p.status === 'completed');
      const card = await processCard(tables<ProcessCardTables>(), tenantId, finished?.process_id as string);
      const person = await personCard(
        tables<PersonTables>(),
        tenantId,
        card?.process.parameters.personId as string,
      );
      expect(person?.person.status).to.equal('departed');
      expect(person?.devicesNow).to.deep.equal([]);
      expect(person?.devicesEver).to.have.length.at.least(1);
      expect(person?.accesses.every((access) => access.revoked_at !== null)).to.equal(true);
      const kinds = new Set(
        (await listProcesses(tables<ProcessTables>(), tenantId, { status: 'running' })).items.map(
          (p) => p.scenario_kind,
        ),
      );
      expect(kinds.size).to.be.at.least(2);
    }
    expect(log.filter((e) => e.type === 'ProcessStepEffectFailed')).to.deep.equal([]);
    expect(log.filter((e) => e.type === 'ProcessStepEffectApplied')).to.have.length.at.least(20);
  });

  it('has costs in at least 10 of the last 12 months, of every category', async () => {
    for (const { tenantId } of seed.tenants) {
      const rows = await costReport(tables<CostTables>(), tenantId, {
        fromMonth: monthsBack(now, 11),
        toMonth: monthsBack(now, 0),
      });
      expect(new Set(rows.filter((r) => r.amount > 0).map((r) => r.month)).size).to.be.at.least(10);
      expect(new Set(rows.map((r) => r.category))).to.have.all.keys(...costCategories);
      expect(new Set(rows.filter((r) => r.category === 'labour').map((r) => r.month)).size).to.be.at.least(6);
    }
    const status = await dashboard(tables<DashboardTables>(), seed.tenants[0]?.tenantId as string, now);
    expect(status.decisionsWaiting).to.be.at.least(1);
    expect(status.runningProcesses.total).to.be.at.least(2);
  });

  it('opens every printed login with its password, in the right role and tenant', async () => {
    expect(seed.logins).to.deep.equal(demoLogins);
    expect(seed.logins.map((l) => l.role)).to.include.members([
      'msp_admin',
      'technician',
      'client_manager',
      'employee',
      'auditor',
    ]);
    for (const login of seed.logins) {
      const account = await findLoginAccount(tables<AccountTables>(), login.email);
      expect(account?.homeTenantId, login.email).to.equal(login.tenantId);
      expect(account?.displayName).to.equal(login.displayName);
      expect(account?.roles.map((r) => r.role)).to.include(login.role);
      expect(await verifyPassword(login.password, account?.passwordHash ?? ''), login.email).to.equal(true);
      if (login.role === 'employee') expect(account?.personId).to.be.a('string');
    }
    const technician = await findLoginAccount(tables<AccountTables>(), 'technik@proit-serwis.example');
    expect(technician?.roles.map((r) => r.tenantId)).to.have.members(seed.tenants.map((t) => t.tenantId));
  });

  it('appends nothing when it is run again on the seeded store', async () => {
    const again = await seedDemo(store, { now, passwordCost });
    expect(again.events).to.equal(0);
    expect(await collect(store.readAll())).to.have.length(log.length);
  });

  it('leaves nothing for the process manager to do when it reads the log from its start', async () => {
    for (const event of log) await reactToProcessEvent({ store }, event);
    expect(await collect(store.readAll())).to.have.length(log.length);
  });

  it('writes the same streams and events whatever the date it is seeded at', async () => {
    const streams = async (at: Date) => {
      const memory = withEventSchemas(createInMemoryEventStore(), schemaRegistry);
      await seedDemo(memory, { now: at, passwordCost });
      const byStream = new Map<string, string[]>();
      for await (const event of memory.readAll()) {
        byStream.set(event.streamName, [...(byStream.get(event.streamName) ?? []), event.type]);
      }
      return byStream;
    };
    const first = await streams(now);
    const second = await streams(new Date(now.getTime() - 41 * 86_400_000 - 5 * 3_600_000));
    expect(first.size).to.equal(new Set(log.map((e) => e.streamName)).size);
    expect(second).to.deep.equal(first);
  });
});

/** When an event happened in the domain's clock: its last `…At` field (`resumedAt` comes after `pausedAt`). */
const instantOf = (event: RecordedEvent): string => {
  const at = Object.entries(event.data).findLast(
    ([key, value]) => key.endsWith('At') && typeof value === 'string',
  );
  return (at?.[1] as string | undefined) ?? event.recordedAt.toISOString();
};
