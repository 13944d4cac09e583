import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { assignDevice, registerDevice, returnDevice } from '../../commands/device/device-command-handlers.js';
import { changePersonDetails, registerPerson } from '../../commands/person/person-command-handlers.js';
import { eventSchemas } from '../../domain/event-catalogue.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { auditProjection } from '../../projections/audit/audit.projection.js';
import { auditLog } from '../../projections/audit/audit.queries.js';
import type { AuditTables } from '../../projections/audit/audit.tables.js';
import type { ProjectionRunner } from '../../projections/index.js';
import { laptopPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const as = (id: string, role: Role = 'technician', tenantId = 'tenant-a'): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id, role },
  now: '2026-03-02T10:00:00.000Z',
});

describe('Audit projection: every event, filtered by stream, type, actor and time', () => {
  let store: EventStore;
  let db: Kysely<AuditTables>;
  let runner: ProjectionRunner;

  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) =>
    executeCommand({ store }, definition, payload, env);
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };
  const person = async (env: CommandEnvelope) => {
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name: 'Anna',
        email: `anna.${personId.slice(0, 8)}@example.pl`,
        department: 'Ops',
        costCentre: 'CC-1',
        plannedStart: '2026-01-01',
      },
      env,
    );
    return personId;
  };

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<AuditTables>([auditProjection]));
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('handles every event type of the catalogue, each once', () => {
    const catalogue = new Set(eventSchemas.map((schema) => schema.type));
    expect([...auditProjection.handles].sort()).to.deep.equal([...catalogue].sort());
    expect(auditProjection.handles).to.include.members([
      'PersonEmailReserved',
      'DeviceRegistered',
      'ProcessStarted',
    ]);
  });

  it('records each event once in log order, and filters by type, actor and stream', async () => {
    const anna = await person(as('admin-1', 'msp_admin'));
    const device = laptopPayload();
    await run(registerDevice, device, as('tech-1'));
    await run(assignDevice, { deviceId: device.deviceId, personId: anna }, as('tech-2'));
    const last = await run(
      returnDevice,
      { deviceId: device.deviceId, condition: 'good', note: 'Back' },
      as('tech-1'),
    );
    await settled(last);

    const all = (await auditLog(db, 'tenant-a')).items;
    const checkpoints = all.map((row) => row.checkpoint);
    expect(checkpoints).to.deep.equal([...checkpoints].sort());
    expect(new Set(all.map((row) => row.event_id)).size).to.equal(all.length);
    expect(all.map((row) => row.event_type)).to.include.members([
      'PersonEmailReserved',
      'PersonRegistered',
      'DeviceRegistered',
      'DeviceAssigned',
      'DeviceReturned',
    ]);

    // Commands also write reservation streams (asset tags, e-mails, custody): those rows carry the actor too.
    const byTech1 = (await auditLog(db, 'tenant-a', { actorId: 'tech-1' })).items;
    expect(byTech1.every((row) => row.actor_id === 'tech-1' && row.actor_role === 'technician')).to.equal(
      true,
    );
    expect(
      byTech1.map((row) => row.event_type).filter((type) => type.startsWith('Device')),
    ).to.include.members(['DeviceRegistered', 'DeviceReturned']);
    expect(byTech1.map((row) => row.event_type)).to.not.include.members([
      'DeviceAssigned',
      'PersonRegistered',
    ]);
    const assigned = (await auditLog(db, 'tenant-a', { type: 'DeviceAssigned' })).items;
    expect(assigned).to.have.length(1);
    expect(assigned[0]).to.include({ actor_id: 'tech-2', stream_name: `device-${device.deviceId}` });
    expect(assigned[0]?.data).to.deep.include({ deviceId: device.deviceId, personId: anna });

    const stream = (await auditLog(db, 'tenant-a', { stream: `device-${device.deviceId}` })).items;
    expect(stream.map((row) => [row.event_type, row.stream_revision])).to.deep.equal([
      ['DeviceRegistered', '0'],
      ['DeviceAssigned', '1'],
      ['DeviceReturned', '2'],
    ]);
    expect(
      (await auditLog(db, 'tenant-a', { type: 'DeviceAssigned', actorId: 'tech-1' })).items,
    ).to.deep.equal([]);
  });

  it('pages by checkpoint and bounds by the time recorded', async () => {
    let last = { checkpoint: undefined as string | undefined };
    for (let i = 0; i < 5; i += 1) last = await run(registerDevice, laptopPayload(), as('tech-1'));
    await settled(last);
    const registered = { type: 'DeviceRegistered', limit: 3 };
    const first = await auditLog(db, 'tenant-a', registered);
    const second = await auditLog(db, 'tenant-a', { ...registered, cursor: first.nextCursor as string });
    expect(first.items).to.have.length(3);
    expect(second.items).to.have.length(2);
    expect(second.nextCursor).to.equal(undefined);
    expect((second.items[0]?.checkpoint ?? '') > (first.items[2]?.checkpoint ?? '')).to.equal(true);

    // The log's order is the commit order, which the recording clock need not follow exactly.
    const all = (await auditLog(db, 'tenant-a')).items;
    const times = all.map((row) => row.recorded_at.getTime());
    const earliest = new Date(Math.min(...times));
    const latest = new Date(Math.max(...times));
    expect((await auditLog(db, 'tenant-a', { to: earliest })).items).to.deep.equal([]);
    expect((await auditLog(db, 'tenant-a', { from: earliest })).items).to.have.length(all.length);
    const recent = (await auditLog(db, 'tenant-a', { from: latest })).items;
    expect(recent.length).to.be.greaterThan(0);
    expect(recent.every((row) => row.recorded_at.getTime() === latest.getTime())).to.equal(true);
    const future = new Date(latest.getTime() + 24 * 60 * 60 * 1000);
    expect((await auditLog(db, 'tenant-a', { from: future })).items).to.deep.equal([]);
  });

  it("never shows one tenant's events to another", async () => {
    await person(as('admin-a', 'msp_admin', 'tenant-a'));
    const other = await run(registerDevice, laptopPayload(), as('tech-b', 'technician', 'tenant-b'));
    await settled(other);
    const a = (await auditLog(db, 'tenant-a')).items;
    const b = (await auditLog(db, 'tenant-b')).items;
    expect(a.length).to.be.greaterThan(0);
    expect(a.every((row) => row.tenant_id === 'tenant-a' && row.actor_id === 'admin-a')).to.equal(true);
    expect(b.every((row) => row.tenant_id === 'tenant-b' && row.actor_id === 'tech-b')).to.equal(true);
    expect(b.map((row) => row.event_type))
      .to.include('DeviceRegistered')
      .and.not.include('PersonRegistered');
    expect((await auditLog(db, 'tenant-b', { actorId: 'admin-a' })).items).to.deep.equal([]);
  });
  it("keeps a person's name, e-mail, phone and notes out of the log, and the rest of the event in it", async () => {
    const personId = randomUUID();
    const manager = () => as('manager-1', 'client_manager');
    await run(
      registerPerson,
      {
        personId,
        name: 'Anna Secret',
        email: `anna.${personId.slice(0, 8)}@example.pl`,
        department: 'Ops',
        costCentre: 'CC-1',
        plannedStart: '2026-01-01',
        phone: '+48 22 612 40 01',
        notes: 'Prefers a left-handed mouse',
      },
      manager(),
    );
    await settled(
      await run(
        changePersonDetails,
        { personId, department: 'Sales', phone: null, notes: 'Hybrid' },
        manager(),
      ),
    );

    const logged = (await auditLog(db, 'tenant-a', { stream: `person-${personId}` })).items;
    expect(logged.map((row) => row.data)).to.deep.equal([
      {
        personId,
        name: '[personal]',
        email: '[personal]',
        department: 'Ops',
        costCentre: 'CC-1',
        plannedStart: '2026-01-01',
        phone: '[personal]',
        notes: '[personal]',
        registeredAt: '2026-03-02T10:00:00.000Z',
      },
      {
        personId,
        name: '[personal]',
        department: 'Sales',
        costCentre: 'CC-1',
        phone: '[personal]',
        notes: '[personal]',
        changedAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
  });
});
