import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { executeCommand } from '../../commands/command-definition.js';
import { registerDevice } from '../../commands/device/device-command-handlers.js';
import { createPostgresEventStore, migrateEventStore, withEventSchemas } from '../../event-store/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';

const runCli = (databaseUrl: string, args: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/projections-rebuild.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });

describe('npm run projections:rebuild', function () {
  this.timeout(60_000);
  let databaseUrl: string;

  before(async () => {
    databaseUrl = await createTestDatabase('cli');
    await migrateEventStore({ connectionString: databaseUrl });
    const store = withEventSchemas(
      createPostgresEventStore({ connectionString: databaseUrl }),
      schemaRegistry,
    );
    for (let i = 0; i < 5; i += 1) {
      await executeCommand({ store }, registerDevice, laptopPayload(), {
        commandId: randomUUID(),
        tenantId: 'tenant-a',
        actor: { id: 'tech-1', role: 'technician' },
        now: '2026-03-02T10:00:00.000Z',
      });
    }
    await store.close();
  });

  it('rebuilds one projection with a progress bar and leaves its rows in place', async () => {
    const { code, stderr } = await runCli(databaseUrl, ['--projection', 'devices']);
    expect(code, stderr).to.equal(0);
    expect(stderr).to.match(/\[#{30}\] 100% 15\/15 events, [\d.]+ s, [\d,]+ events\/s, swapped in: devices/);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from device_list');
    await client.end();
    expect(rows[0].n).to.equal(5);
  });

  it('refuses an unknown projection, naming the known ones', async () => {
    const { code, stderr } = await runCli(databaseUrl, ['--projection', 'nonsense']);
    expect(code).to.equal(2);
    expect(stderr).to.match(
      /Unknown projection nonsense; known: devices, people, tickets, processes, costs, replacement-plan, workload, audit-log, accounts/,
    );
  });
});
