import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  assignDevice,
  registerDevice,
  returnDevice,
  sendDeviceToService,
} from '../../commands/device/device-command-handlers.js';
import { registerPerson } from '../../commands/person/person-command-handlers.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import { allProjections, createProjectionRunner } from '../../projections/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { seededRandom } from '../support/events.js';
import { schemaRegistry } from '../support/stores.js';

const envelope = (): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId: 'tenant-a',
  actor: { id: 'tech-1', role: 'technician' },
  now: '2026-03-02T10:00:00.000Z',
});

/** A history with enough events for many batches: devices registered, handed out, returned, serviced. */
const writeHistory = async (store: EventStore, devices: number) => {
  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown) =>
    executeCommand({ store }, definition, payload, envelope());
  const people: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const personId = randomUUID();
    await run(registerPerson, {
      personId,
      name: `Osoba ${i}`,
      email: `osoba.${i}.${personId.slice(0, 6)}@example.pl`,
      department: 'Ops',
      costCentre: 'CC-1',
      plannedStart: '2026-01-01',
    });
    people.push(personId);
  }
  for (let i = 0; i < devices; i += 1) {
    const device = laptopPayload();
    await run(registerDevice, device);
    await run(assignDevice, { deviceId: device.deviceId, personId: people[i % people.length] });
    if (i % 3 === 0) await run(returnDevice, { deviceId: device.deviceId, condition: 'good', note: '' });
    if (i % 4 === 0)
      await run(sendDeviceToService, { deviceId: device.deviceId, reason: 'Check', serviceProvider: 'X' });
  }
};

/** Every read-model table, as one checksum per table over its sorted rows. */
const checksums = async (db: Kysely<unknown>) => {
  const tables = allProjections.flatMap((projection) => projection.tables);
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await sql<{ sum: string | null; n: string }>`
      select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*) as n from ${sql.table(table)} t`.execute(
      db,
    );
    sums[table] = `${rows[0]?.n}:${rows[0]?.sum}`;
  }
  return sums;
};

const checkpointOf = async (db: Kysely<unknown>) => {
  const result = await sql<{
    checkpoint: string;
  }>`select checkpoint from projection_checkpoints where name = 'devices'`
    .execute(db)
    .catch(() => ({ rows: [] as { checkpoint: string }[] }));
  return result.rows[0]?.checkpoint ?? '';
};

const startProjector = (connectionString: string): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', 'tests/projections/support/projector-process.ts'], {
    env: { ...process.env, PROJECTOR_DATABASE_URL: connectionString, PROJECTOR_BATCH_SIZE: '10' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

describe('Projections after crashes', function () {
  this.timeout(180_000);

  it('end identical, table by table, to a clean rebuild after the projector is killed mid-batch again and again', async () => {
    const connectionString = await createTestDatabase('crash');
    await migrateEventStore({ connectionString });
    const pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    const store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
    try {
      await writeHistory(store, 200);
      const random = seededRandom(7);
      const { rows: head } = await sql<{ checkpoint: string }>`
        select lpad(transaction_id::text, 20, '0') || ':' || lpad(global_position::text, 20, '0') as checkpoint
        from es_events order by transaction_id desc, global_position desc limit 1`.execute(db);
      const reached: string[] = [];
      for (let kill = 0; kill < 6; kill += 1) {
        const child = startProjector(connectionString);
        // kill at a random moment after this run has committed its first batch, so it dies mid-stream
        const before = reached.at(-1) ?? '';
        const deadline = Date.now() + 20_000;
        while ((await checkpointOf(db)) === before && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 60)));
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGKILL');
        await exited;
        const { rows } = await sql<{ checkpoint: string }>`
          select checkpoint from projection_checkpoints where name = 'devices'`
          .execute(db)
          .catch(() => ({ rows: [] }));
        reached.push(rows[0]?.checkpoint ?? '');
      }
      // the kills must have landed while there was work left, or this test would prove nothing
      const interrupted = reached.filter((checkpoint) => checkpoint < (head[0]?.checkpoint as string));
      expect(interrupted.length, `checkpoints after each kill: ${reached.join(', ')}`).to.be.greaterThan(2);
      expect(new Set(reached).size).to.be.greaterThan(2);
      // the last run is left to finish
      const last = startProjector(connectionString);
      await new Promise<void>((resolve, reject) => {
        last.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('caught-up') && resolve());
        last.on('exit', (code) => reject(new Error(`projector exited with ${code}`)));
      });
      last.kill('SIGKILL');
      const afterCrashes = await checksums(db);

      // a clean rebuild of the same log, in one go
      for (const table of [...allProjections.flatMap((p) => p.tables), 'projection_checkpoints']) {
        await sql`drop table ${sql.table(table)}`.execute(db);
      }
      const runner = createProjectionRunner({ db, store, projections: allProjections });
      await runner.start();
      runner.stop();
      const clean = await checksums(db);

      expect(Number(clean.device_timeline?.split(':')[0])).to.be.greaterThan(300);
      expect(afterCrashes).to.deep.equal(clean);
    } finally {
      await store.close();
      await db.destroy();
    }
  });
});
