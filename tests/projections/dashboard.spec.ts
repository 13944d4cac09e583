import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { assignDevice, registerDevice } from '../../commands/device/device-command-handlers.js';
import { registerOrganization } from '../../commands/organization/organization-command-handlers.js';
import { registerPerson } from '../../commands/person/person-command-handlers.js';
import { completeProcessTask, startProcess } from '../../commands/process/process-command-handlers.js';
import { openTicket } from '../../commands/ticket/ticket-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import {
  allProjections,
  createProjectionRunner,
  type DashboardTables,
  dashboard,
  type ProjectionRunner,
} from '../../projections/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';

const minutes = (n: number) => n * 60_000;
const sla = { firstResponseMinutes: 30, resolutionMinutes: 240 };

describe('Dashboard of a tenant', () => {
  let store: EventStore;
  let db: Kysely<DashboardTables>;
  let runner: ProjectionRunner;
  const tenantId = randomUUID();
  const now = new Date('2026-03-10T12:00:00.000Z');
  const envelope = (role: Role, at = now, tenant = tenantId): CommandEnvelope => ({
    commandId: randomUUID(),
    tenantId: tenant,
    actor: { id: `${role}-1`, role },
    now: at.toISOString(),
  });
  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);

  before(async () => {
    const connectionString = await createTestDatabase('dashboard');
    await migrateEventStore({ connectionString });
    const pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
    db = new Kysely<DashboardTables>({ dialect: new PostgresDialect({ pool }) });
    store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
    runner = createProjectionRunner({ db, store, projections: allProjections, batchMs: 5 });
    await runner.start();
  });
  after(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('counts tickets, processes, decisions, devices, warranties and this month against last', async () => {
    const earlier = new Date('2026-02-20T09:00:00.000Z');
    await run(
      registerOrganization,
      {
        organizationId: tenantId,
        name: 'Acme',
        defaultCurrency: 'PLN',
        timeZone: 'Europe/Warsaw',
        slaPolicy: { P1: sla, P2: sla, P3: sla, P4: sla },
        labourRate: { amount: 18000, currency: 'PLN' },
        replacementAgeMonths: {},
      },
      envelope('msp_admin', earlier),
    );
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name: 'Anna',
        email: 'anna@acme.pl',
        department: 'Ops',
        costCentre: 'CC-1',
        plannedStart: '2026-01-01',
      },
      envelope('client_manager', earlier),
    );
    // last month: one laptop bought; this month: one monitor whose warranty ends in 30 days, handed to Anna
    await run(registerDevice, laptopPayload(), envelope('technician', earlier));
    const monitor = laptopPayload({
      kind: 'monitor',
      purchaseCost: { amount: 99900, currency: 'PLN' },
      warrantyEnd: '2026-04-09',
    });
    await run(registerDevice, monitor, envelope('technician'));
    await run(assignDevice, { deviceId: monitor.deviceId, personId }, envelope('technician'));
    // a P1 ticket opened 5 hours ago is past its 4-hour resolution target
    await run(
      openTicket,
      {
        ticketId: randomUUID(),
        requesterId: personId,
        category: 'incident',
        priority: 'P1',
        title: 'Down',
        description: '',
      },
      envelope('client_manager', new Date(now.getTime() - minutes(300))),
    );
    const processId = randomUUID();
    await run(
      startProcess,
      {
        processId,
        scenarioId: 'purchase-request',
        parameters: { deviceKind: 'laptop', justification: 'New hire' },
      },
      envelope('client_manager'),
    );
    const last = await run(completeProcessTask, { processId, stepKey: 'quote' }, envelope('technician'));
    expect(await runner.waitForCheckpoint(last.checkpoint as string, 10_000)).to.equal(true);

    const board = await dashboard(db, tenantId, now);
    expect(board.tickets.total).to.equal(1);
    expect(board.tickets.byPriority.P1.breached).to.equal(1);
    expect(board.tickets.bySlaState.breached).to.equal(1);
    expect(board.runningProcesses.total).to.equal(1);
    expect(board.runningProcesses.latest[0]).to.include({
      processId,
      titleEn: 'Hardware purchase request',
      doneSteps: 1,
    });
    expect(board.decisionsWaiting).to.equal(1);
    expect(board.devicesByStatus).to.deep.equal({ in_stock: 1, assigned: 1 });
    expect(board.warrantiesEnding).to.equal(1);
    expect(board.costs).to.deep.equal({ thisMonth: { PLN: 99900 }, lastMonth: { PLN: 549900 } });

    const elsewhere = await dashboard(db, randomUUID(), now);
    expect(elsewhere.tickets.total).to.equal(0);
    expect(elsewhere.devicesByStatus).to.deep.equal({});
    expect(elsewhere.costs).to.deep.equal({ thisMonth: {}, lastMonth: {} });
  });
});
