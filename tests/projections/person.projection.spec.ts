import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type Kysely, sql } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  assignDevice,
  registerDevice,
  reportDeviceLost,
  returnDevice,
  transferDevice,
} from '../../commands/device/device-command-handlers.js';
import { registerOrganization } from '../../commands/organization/organization-command-handlers.js';
import {
  changePersonDetails,
  departPerson,
  erasePersonalData,
  grantAccess,
  registerPerson,
  revokeAccess,
  startPerson,
} from '../../commands/person/person-command-handlers.js';
import { startProcess } from '../../commands/process/process-command-handlers.js';
import { openTicket } from '../../commands/ticket/ticket-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { createProjectionRunner, type ProjectionRunner } from '../../projections/index.js';
import { personProjection } from '../../projections/person/person.projection.js';
import { listPeople, personCard } from '../../projections/person/person.queries.js';
import type { PersonTables } from '../../projections/person/person.tables.js';
import { laptopPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const envelope = ({
  tenantId = tenantA,
  now = '2026-03-02T10:00:00.000Z',
  role = 'technician' as Role,
} = {}): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: `${role}-1`, role },
  now,
});

describe('Person projection: people list and person card', () => {
  let store: EventStore;
  let db: Kysely<PersonTables>;
  let runner: ProjectionRunner;

  const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope()) =>
    executeCommand({ store }, definition, payload, env);
  const person = async (
    name: string,
    tenantId = tenantA,
    optional: { phone?: string; notes?: string } = {},
  ) => {
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name,
        email: `${name.toLowerCase().replace(' ', '.')}.${personId.slice(0, 6)}@example.pl`,
        department: 'Ops',
        costCentre: 'CC-1',
        plannedStart: '2026-01-01',
        ...optional,
      },
      envelope({ tenantId }),
    );
    return personId;
  };
  const asManager = () => envelope({ role: 'client_manager' });
  const settled = async (result: { checkpoint: string | undefined }) => {
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 5_000)).to.equal(true);
  };
  const at = (now: string) => envelope({ now });

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<PersonTables>([personProjection]));
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it("shows a device that moved across three people as one period on each person's card", async () => {
    const [anna, bartek, celina] = [await person('Anna'), await person('Bartek'), await person('Celina')];
    const device = laptopPayload();
    await run(registerDevice, device);
    await run(assignDevice, { deviceId: device.deviceId, personId: anna }, at('2026-03-02T10:00:00.000Z'));
    await run(
      transferDevice,
      { deviceId: device.deviceId, toPersonId: bartek },
      at('2026-03-05T10:00:00.000Z'),
    );
    await run(
      returnDevice,
      { deviceId: device.deviceId, condition: 'good', note: '' },
      at('2026-03-09T10:00:00.000Z'),
    );
    const last = await run(
      assignDevice,
      { deviceId: device.deviceId, personId: celina },
      at('2026-03-10T10:00:00.000Z'),
    );
    await settled(last);

    const periodsOf = async (personId: string) => {
      const card = await personCard(db, tenantA, personId);
      return {
        now: card?.devicesNow,
        ever: card?.devicesEver.map((held) => [
          held.deviceId,
          held.periods.map((p) => [p.from.toISOString(), p.until?.toISOString() ?? null, p.endedBy]),
        ]),
      };
    };
    expect(await periodsOf(anna)).to.deep.equal({
      now: [],
      ever: [
        [device.deviceId, [['2026-03-02T10:00:00.000Z', '2026-03-05T10:00:00.000Z', 'DeviceTransferred']]],
      ],
    });
    expect(await periodsOf(bartek)).to.deep.equal({
      now: [],
      ever: [[device.deviceId, [['2026-03-05T10:00:00.000Z', '2026-03-09T10:00:00.000Z', 'DeviceReturned']]]],
    });
    expect(await periodsOf(celina)).to.deep.equal({
      now: [device.deviceId],
      ever: [[device.deviceId, [['2026-03-10T10:00:00.000Z', null, null]]]],
    });
  });

  it('keeps two periods when a person holds the same device twice, and ends the last one when it is lost', async () => {
    const anna = await person('Anna');
    const device = laptopPayload();
    await run(registerDevice, device);
    await run(assignDevice, { deviceId: device.deviceId, personId: anna }, at('2026-03-02T10:00:00.000Z'));
    await run(
      returnDevice,
      { deviceId: device.deviceId, condition: 'worn', note: '' },
      at('2026-03-03T10:00:00.000Z'),
    );
    await run(assignDevice, { deviceId: device.deviceId, personId: anna }, at('2026-03-04T10:00:00.000Z'));
    const lost = await run(
      reportDeviceLost,
      { deviceId: device.deviceId, loss: 'stolen', note: 'Train' },
      at('2026-03-06T10:00:00.000Z'),
    );
    await settled(lost);
    const card = await personCard(db, tenantA, anna);
    expect(card?.devicesNow).to.deep.equal([]);
    expect(card?.devicesEver).to.have.length(1);
    expect(card?.devicesEver[0]?.periods.map((p) => [p.until?.toISOString(), p.endedBy])).to.deep.equal([
      ['2026-03-03T10:00:00.000Z', 'DeviceReturned'],
      ['2026-03-06T10:00:00.000Z', 'DeviceReportedLost'],
    ]);
  });

  it("lists a person's status, accesses, requested tickets and processes about them on the card", async () => {
    await run(
      registerOrganization,
      {
        organizationId: tenantA,
        name: 'Acme',
        defaultCurrency: 'PLN',
        timeZone: 'Europe/Warsaw',
        slaPolicy: Object.fromEntries(
          ['P1', 'P2', 'P3', 'P4'].map((p) => [p, { firstResponseMinutes: 60, resolutionMinutes: 480 }]),
        ),
        labourRate: { amount: 18000, currency: 'PLN' },
        replacementAgeMonths: {},
      },
      envelope({ role: 'msp_admin' }),
    );
    const anna = await person('Anna');
    await run(startPerson, { personId: anna });
    const [vpn, erp] = [randomUUID(), randomUUID()];
    await run(grantAccess, {
      personId: anna,
      accessId: vpn,
      system: 'VPN',
      monthlyCost: { amount: 2500, currency: 'PLN' },
    });
    await run(grantAccess, {
      personId: anna,
      accessId: erp,
      system: 'ERP',
      monthlyCost: { amount: 9900, currency: 'PLN' },
    });
    await run(revokeAccess, { personId: anna, accessId: vpn });
    const ticketId = randomUUID();
    await run(
      openTicket,
      { ticketId, requesterId: anna, category: 'incident', priority: 'P2', title: 'No VPN', description: '' },
      envelope({ role: 'client_manager' }),
    );
    const processId = randomUUID();
    const started = await run(
      startProcess,
      { processId, scenarioId: 'offboarding', parameters: { personId: anna, lastDay: '2026-03-31' } },
      envelope({ role: 'client_manager' }),
    );
    await settled(started);

    const card = await personCard(db, tenantA, anna);
    expect(card?.person).to.include({
      name: 'Anna',
      status: 'active',
      department: 'Ops',
      cost_centre: 'CC-1',
    });
    const accesses = card?.accesses.map((a) => ({
      system: a.system,
      cost: Number(a.monthly_cost),
      active: a.revoked_at === null,
    }));
    expect(accesses).to.have.deep.members([
      { system: 'VPN', cost: 2500, active: false },
      { system: 'ERP', cost: 9900, active: true },
    ]);
    expect(card?.ticketIds).to.deep.equal([ticketId]);
    expect(card?.processIds).to.deep.equal([processId]);
  });

  it("pages people by name, filters by status and search, and never shows another tenant's", async () => {
    for (const name of ['Ewa', 'Adam', 'Dorota', 'Cezary', 'Bogna']) await person(name);
    const foreign = await person('Aaron', tenantB);
    await settled(await run(startPerson, { personId: foreign }, envelope({ tenantId: tenantB })));
    const adam = await person('Adam Second');
    const last = await run(startPerson, { personId: adam });
    await settled(last);

    const first = await listPeople(db, tenantA, { limit: 4 });
    const second = await listPeople(db, tenantA, { limit: 4, cursor: first.nextCursor as string });
    expect([...first.items, ...second.items].map((p) => p.name)).to.deep.equal([
      'Adam',
      'Adam Second',
      'Bogna',
      'Cezary',
      'Dorota',
      'Ewa',
    ]);
    expect(second.nextCursor).to.equal(undefined);
    expect((await listPeople(db, tenantA, { status: 'active' })).items.map((p) => p.person_id)).to.deep.equal(
      [adam],
    );
    expect((await listPeople(db, tenantA, { search: 'ROT' })).items.map((p) => p.name)).to.deep.equal([
      'Dorota',
    ]);
    expect(await personCard(db, tenantA, foreign)).to.equal(undefined);
  });
  describe('phone and notes', () => {
    const notes = 'Prefers a left-handed mouse;\nhybrid: Mon and Thu in the office';
    /** The phone and notes columns of the person's row. */
    const optionalOf = async (personId: string) => {
      const card = await personCard(db, tenantA, personId);
      return { phone: card?.person.phone, notes: card?.person.notes };
    };

    it('fills them from the registration, keeps them through other changes and clears them with null', async () => {
      const anna = await person('Anna', tenantA, { phone: '+48 22 612 40 01', notes });
      const bartek = await person('Bartek');
      await settled(await run(startPerson, { personId: bartek }));
      expect(await optionalOf(anna)).to.deep.equal({ phone: '+48 22 612 40 01', notes });
      expect(await optionalOf(bartek)).to.deep.equal({ phone: null, notes: null });

      await settled(await run(changePersonDetails, { personId: anna, department: 'Sales' }, asManager()));
      expect(await optionalOf(anna)).to.deep.equal({ phone: '+48 22 612 40 01', notes });

      await settled(await run(changePersonDetails, { personId: anna, phone: '601 244 318' }, asManager()));
      expect(await optionalOf(anna)).to.deep.equal({ phone: '601 244 318', notes });

      await settled(
        await run(changePersonDetails, { personId: anna, phone: null, notes: null }, asManager()),
      );
      expect(await optionalOf(anna)).to.deep.equal({ phone: null, notes: null });
      expect((await personCard(db, tenantA, anna))?.person.department).to.equal('Sales');
    });

    it('lists the phone as a directory does, but keeps the notes for the card', async () => {
      const anna = await person('Anna', tenantA, { phone: '601 244 318', notes });
      await settled(await run(startPerson, { personId: anna }));
      const [listed] = (await listPeople(db, tenantA)).items;
      expect(listed).to.include({ person_id: anna, phone: '601 244 318' });
      expect(listed).not.to.have.property('notes');
    });

    it("shows them as none once the person's data is erased", async () => {
      const anna = await person('Anna', tenantA, { phone: '601 244 318', notes });
      await run(departPerson, { personId: anna });
      await settled(
        await run(erasePersonalData, { personId: anna, reason: 'GDPR request 2026/17' }, asManager()),
      );
      expect(await optionalOf(anna)).to.deep.equal({ phone: null, notes: null });
      expect((await personCard(db, tenantA, anna))?.person).to.include({
        name: 'Erased person',
        department: 'Ops',
      });
    });

    it('adds the columns to a people table of version 2 by rebuilding it at start', async () => {
      const anna = await person('Anna', tenantA, { phone: '601 244 318', notes });
      await settled(await run(startPerson, { personId: anna }));
      runner.stop();
      // A database the previous version built: no phone or notes columns, checkpoint at version 2.
      await sql`alter table person_list drop column phone, drop column notes`.execute(db);
      await sql`update projection_checkpoints set version = 2 where name = 'people'`.execute(db);

      runner = createProjectionRunner({ db, store, projections: [personProjection], batchMs: 5 });
      await runner.start();

      expect(await optionalOf(anna)).to.deep.equal({ phone: '601 244 318', notes });
      const { rows } = await sql<{ version: number }>`
        select version from projection_checkpoints where name = 'people'`.execute(db);
      expect(rows[0]?.version).to.equal(personProjection.version);
    });
  });
});
