import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerDevice, sendDeviceToService } from '../../commands/device/device-command-handlers.js';
import {
  createPostgresEventStore,
  migrateEventStore,
  type RecordedEvent,
  withEventSchemas,
} from '../../event-store/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';
import { runAuditCli } from './support/audit-cli.js';

const envelope = (): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId: 'tenant-a',
  actor: { id: 'tech-1', role: 'technician' },
  now: '2026-03-02T10:00:00.000Z',
});

describe('npm run audit', function () {
  this.timeout(60_000);
  let databaseUrl: string;
  let deviceId: string;
  let registered: RecordedEvent;
  let sent: RecordedEvent;

  before(async () => {
    databaseUrl = await createTestDatabase('audit_cli');
    await migrateEventStore({ connectionString: databaseUrl });
    const store = withEventSchemas(
      createPostgresEventStore({ connectionString: databaseUrl }),
      schemaRegistry,
    );
    const device = laptopPayload({ model: 'Latitude 5450' });
    deviceId = device.deviceId;
    await executeCommand({ store }, registerDevice, device, envelope());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await executeCommand(
      { store },
      sendDeviceToService,
      { deviceId, reason: 'hinge', serviceProvider: 'Fix Ltd' },
      envelope(),
    );
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(`device-${deviceId}`)) events.push(event);
    [registered, sent] = events as [RecordedEvent, RecordedEvent];
    await store.close();
  });

  describe('state', () => {
    it('prints the device as it stood at its registration, before it went to service', async () => {
      const at = registered.recordedAt.toISOString();

      const { code, stdout, stderr } = await runAuditCli(databaseUrl, [
        'state',
        'device',
        deviceId,
        '--tenant',
        'tenant-a',
        '--as-of',
        at,
      ]);

      expect(code, stderr).to.equal(0);
      const answer = JSON.parse(stdout);
      expect(answer).to.deep.include({
        kind: 'device',
        id: deviceId,
        asOf: at,
        eventCount: 1,
        lastCheckpoint: registered.checkpoint,
      });
      expect(answer.state).to.include({ status: 'in_stock', model: 'Latitude 5450', holderId: null });
    });

    it('prints the later state as of the service event', async () => {
      const { code, stdout } = await runAuditCli(databaseUrl, [
        'state',
        'device',
        deviceId,
        '--tenant',
        'tenant-a',
        '--as-of',
        sent.recordedAt.toISOString(),
      ]);

      expect(code).to.equal(0);
      expect(JSON.parse(stdout).state.status).to.equal('in_service');
    });

    it("exits 3 for another tenant's device, as if it did not exist", async () => {
      const { code, stdout, stderr } = await runAuditCli(databaseUrl, [
        'state',
        'device',
        deviceId,
        '--tenant',
        'tenant-b',
        '--as-of',
        new Date().toISOString(),
      ]);

      expect(code).to.equal(3);
      expect(stdout).to.equal('');
      expect(stderr).to.include(`device ${deviceId} did not exist in tenant tenant-b`);
    });

    for (const [args, message] of [
      [
        ['state', 'device', 'x', '--tenant', 't', '--as-of', 'yesterday'],
        '--as-of yesterday: not an ISO date',
      ],
      [['state', 'laptop', 'x', '--tenant', 't', '--as-of', '2026-01-01'], 'state takes a kind'],
      [['state', 'device', 'x', '--tenant', 't', '--at', '2026-01-01'], "Unknown option '--at'"],
      [['nonsense'], 'Unknown command nonsense'],
    ] as const) {
      it(`exits 2 with the usage for: ${args.join(' ')}`, async () => {
        const { code, stderr } = await runAuditCli(databaseUrl, [...args]);

        expect(code).to.equal(2);
        expect(stderr).to.include(message).and.include('Usage: npm run audit');
      });
    }
  });

  describe('rebuild-as-of', () => {
    it('builds the read models as of registration into the schema named, and prints its row counts', async () => {
      const { code, stdout, stderr } = await runAuditCli(databaseUrl, [
        'rebuild-as-of',
        '--tenant',
        'tenant-a',
        '--as-of',
        registered.recordedAt.toISOString(),
        '--schema',
        'audit_cli_check',
      ]);

      expect(code, stderr).to.equal(0);
      // The whole log is replayed (every tenant's events are read), the tenant's events in time applied.
      const answer = JSON.parse(stdout);
      expect(stderr).to.match(
        new RegExp(
          `rebuild-as-of: \\[#{30}\\] 100% ([\\d,]+)/\\1 events, .*, ${answer.events} of them applied\n$`,
        ),
      );
      expect(answer.schema).to.equal('audit_cli_check');
      expect(answer.rows).to.include({ device_list: 1 });
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query('select device_id, status from audit_cli_check.device_list');
      await client.end();
      expect(rows).to.deep.equal([{ device_id: deviceId, status: 'in_stock' }]);
    });

    it('exits 2 naming the schema when asked to build into public', async () => {
      const { code, stderr } = await runAuditCli(databaseUrl, [
        'rebuild-as-of',
        '--tenant',
        'tenant-a',
        '--as-of',
        '2026-01-01',
        '--schema',
        'public',
      ]);

      expect(code).to.equal(2);
      expect(stderr).to.include('Schema name "public" refused');
    });
  });
});
