import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../app/config.js';
import { createAppEventStore } from '../../app/database.js';
import { type RunningApp, startApp } from '../../app/start-app.js';
import { executeCommand } from '../../commands/index.js';
import { organizationCommands } from '../../commands/organization/organization-command-handlers.js';
import { personCommands } from '../../commands/person/person-command-handlers.js';
import { sealStreamOf } from '../../domain/audit/index.js';
import { type EventStore, migrateEventStore, type RecordedEvent } from '../../event-store/index.js';
import { organizationPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';

const intervalMs = 100;
const admin = { id: randomUUID(), role: 'msp_admin' as const };
const command = (type: string) =>
  [...organizationCommands, ...personCommands].find((c) => c.type === type) as Parameters<
    typeof executeCommand
  >[1];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const readSeals = async (store: EventStore, tenantId: string) => {
  const seals: RecordedEvent[] = [];
  for await (const event of store.readStream(sealStreamOf(tenantId))) seals.push(event);
  return seals;
};

/** What a seal of the tenant's history now should say: its last event (seals aside) and its streams then. */
const expectedSealOf = async (store: EventStore, tenantId: string) => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) {
    if (event.metadata.tenantId === tenantId) events.push(event);
  }
  const checkpoint = events.filter((e) => !e.streamName.startsWith('seal-')).at(-1)?.checkpoint ?? '';
  const streams = new Set(events.filter((e) => e.checkpoint <= checkpoint).map((e) => e.streamName));
  return { tenantId, checkpoint, streams: streams.size };
};

/** Polls until `count` seals of the tenant are stored (or fails after a few seconds). */
const waitForSeals = async (store: EventStore, tenantId: string, count: number) => {
  for (let tries = 0; tries < 100; tries += 1) {
    const seals = await readSeals(store, tenantId);
    if (seals.length >= count) return seals;
    await sleep(intervalMs / 2);
  }
  throw new Error(`tenant ${tenantId} did not get ${count} seals`);
};

describe('periodic sealing by the projector role', function () {
  this.timeout(60_000);
  let databaseUrl: string;
  let app: RunningApp | undefined;
  let pool: pg.Pool;
  let store: EventStore;
  const logged: Array<{ level: number; msg: string }> = [];
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const tenantC = randomUUID();

  const run = (tenantId: string, type: string, payload: unknown) =>
    executeCommand({ store }, command(type), payload, {
      commandId: randomUUID(),
      tenantId,
      actor: admin,
      now: new Date().toISOString(),
    });
  const registerPerson = (tenantId: string) => {
    const personId = randomUUID();
    return run(tenantId, 'RegisterPerson', {
      personId,
      name: 'Nina New',
      email: `${personId.slice(0, 8)}@example.com`,
      department: 'Sales',
      costCentre: 'CC-100',
      plannedStart: '2026-01-05',
    });
  };

  before(async () => {
    databaseUrl = await createTestDatabase('periodic_seal');
    // The app's own store (personal data encrypted), beside the app and still there after it closed.
    pool = new pg.Pool({ connectionString: databaseUrl });
    // pool.end() resolves before its last connections are closed; the cluster stopping right after this
    // spec would otherwise fail one of them with nobody listening.
    pool.on('error', () => undefined);
    await migrateEventStore({ pool });
    store = createAppEventStore(pool);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  after(async () => {
    await store.close();
    await pool.end();
  });

  const start = async (sealIntervalMs: number) => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    return startApp({
      config: loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent' }),
      roles: ['projector'],
      logger: pino({ level: 'info' }, sink),
      sealIntervalMs,
    });
  };

  it('seals each tenant with events once, again only after a new event, and stops on close', async () => {
    for (const [tenant, name] of [
      [tenantA, 'Alpha sp. z o.o.'],
      [tenantB, 'Beta GmbH'],
    ] as const) {
      await run(tenant, 'RegisterOrganization', organizationPayload(tenant, { name }));
      await registerPerson(tenant);
    }
    app = await start(intervalMs);

    const [sealA] = await waitForSeals(store, tenantA, 1);
    const [sealB] = await waitForSeals(store, tenantB, 1);
    expect(sealA?.type).to.equal('HistorySealed');
    expect(sealA?.metadata.actor).to.deep.equal({ id: 'system:periodic-seal', role: 'msp_admin' });
    expect(sealA?.data).to.include(await expectedSealOf(store, tenantA));
    expect(sealB?.data).to.include(await expectedSealOf(store, tenantB));
    expect(await readSeals(store, tenantC), 'a tenant without events').to.have.length(0);

    // Several intervals with nothing new: no tenant gets another seal, though the log moved (by the seals).
    await sleep(intervalMs * 6);
    expect(await readSeals(store, tenantA)).to.have.length(1);
    expect(await readSeals(store, tenantB)).to.have.length(1);

    await registerPerson(tenantA);
    const sealsA = await waitForSeals(store, tenantA, 2);
    const second = await expectedSealOf(store, tenantA);
    expect(sealsA[1]?.data).to.include(second);
    expect(second.streams, 'at least the new person and the seal stream').to.be.at.least(
      (sealA?.data.streams as number) + 2,
    );
    await sleep(intervalMs * 4);
    expect(await readSeals(store, tenantA)).to.have.length(2);
    expect(await readSeals(store, tenantB), 'the tenant without a new event').to.have.length(1);

    await app.close();
    app = undefined;
    await registerPerson(tenantB);
    await sleep(intervalMs * 4);
    expect(await readSeals(store, tenantB), 'after close()').to.have.length(1);
    expect(logged.filter((line) => line.level >= 40)).to.deep.equal([]);
    expect(logged.filter((line) => line.msg === 'history sealed')).to.have.length(3);
  });

  it('takes up where seals stand after a restart, and seals nothing while turned off', async () => {
    app = await start(0);
    await registerPerson(tenantB);
    await sleep(intervalMs * 4);
    expect(await readSeals(store, tenantB), 'interval 0').to.have.length(1);
    await app.close();
    app = undefined;

    app = await start(intervalMs);
    const sealsB = await waitForSeals(store, tenantB, 2);
    expect(sealsB[1]?.data).to.include(await expectedSealOf(store, tenantB));
    await sleep(intervalMs * 6);
    expect(await readSeals(store, tenantA), 'tenant A did not move').to.have.length(2);
    expect(await readSeals(store, tenantB)).to.have.length(2);
  });
});
