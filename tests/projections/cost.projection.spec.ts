import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  assignDevice,
  completeDeviceRepair,
  registerDevice,
  sendDeviceToService,
} from '../../commands/device/device-command-handlers.js';
import {
  changeLabourRate,
  registerOrganization,
} from '../../commands/organization/organization-command-handlers.js';
import {
  changePersonDetails,
  grantAccess,
  registerPerson,
  revokeAccess,
} from '../../commands/person/person-command-handlers.js';
import { logTicketWork, openTicket } from '../../commands/ticket/ticket-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { costProjection } from '../../projections/cost/cost.projection.js';
import { costReport, costsBy, deviceTotalCost, licenceMonths } from '../../projections/cost/cost.queries.js';
import type { CostTables } from '../../projections/cost/cost.tables.js';
import type { ProjectionRunner } from '../../projections/projection-runner.js';
import { laptopPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const slaTarget = { firstResponseMinutes: 60, resolutionMinutes: 480 };
const slaPolicy = { P1: slaTarget, P2: slaTarget, P3: slaTarget, P4: slaTarget };

describe('Cost projection: purchases, repairs, labour and licences by month', () => {
  let store: EventStore;
  let db: Kysely<CostTables>;
  let runner: ProjectionRunner;
  let tenantA: string;
  let tenantB: string;
  let last: { checkpoint: string | undefined };

  const envelope = (tenantId: string, now: string, role: Role = 'technician'): CommandEnvelope => ({
    commandId: randomUUID(),
    tenantId,
    actor: { id: `${role}-1`, role },
    now,
  });
  const run = async <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) => {
    last = await executeCommand({ store }, definition, payload, env);
    return last;
  };
  const organization = (tenantId: string, hourly: number) =>
    run(
      registerOrganization,
      {
        organizationId: tenantId,
        name: 'Acme',
        defaultCurrency: 'PLN',
        timeZone: 'Europe/Warsaw',
        slaPolicy,
        labourRate: { amount: hourly, currency: 'PLN' },
        replacementAgeMonths: {},
      },
      envelope(tenantId, '2026-01-01T08:00:00.000Z', 'msp_admin'),
    );
  const person = async (tenantId: string, costCentre: string) => {
    const personId = randomUUID();
    await run(
      registerPerson,
      {
        personId,
        name: 'Anna Nowak',
        email: `${personId}@acme.pl`,
        department: 'Finance',
        costCentre,
        plannedStart: '2026-01-01',
      },
      envelope(tenantId, '2026-01-01T09:00:00.000Z', 'client_manager'),
    );
    return personId;
  };
  /** Waits until the projection has applied everything written so far. */
  const settled = async () => {
    expect(await runner.waitForCheckpoint(last.checkpoint as string, 5_000)).to.equal(true);
  };

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<CostTables>([costProjection]));
    tenantA = randomUUID();
    tenantB = randomUUID();
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('books purchases and repairs in the UTC month they happened, per currency, across a month boundary', async () => {
    const anna = await person(tenantA, 'CC-100');
    const laptop = laptopPayload({ purchaseCost: { amount: 549900, currency: 'PLN' } });
    const monitor = laptopPayload({ kind: 'monitor', purchaseCost: { amount: 120000, currency: 'EUR' } });
    await run(registerDevice, laptop, envelope(tenantA, '2026-01-31T23:30:00.000Z'));
    await run(registerDevice, monitor, envelope(tenantA, '2026-02-01T00:10:00.000Z'));
    await run(
      assignDevice,
      { deviceId: laptop.deviceId, personId: anna },
      envelope(tenantA, '2026-02-02T08:00:00.000Z'),
    );
    await run(
      sendDeviceToService,
      { deviceId: laptop.deviceId, reason: 'Fan', serviceProvider: 'Serwis' },
      envelope(tenantA, '2026-02-03T08:00:00.000Z'),
    );
    await run(
      completeDeviceRepair,
      { deviceId: laptop.deviceId, cost: { amount: 35000, currency: 'PLN' }, note: 'Fan replaced' },
      envelope(tenantA, '2026-02-10T08:00:00.000Z'),
    );
    await settled();

    const report = await costReport(db, tenantA, { fromMonth: '2026-01', toMonth: '2026-02' });
    expect(report.map((r) => [r.month, r.category, r.currency, r.amount])).to.deep.equal([
      ['2026-01', 'purchase', 'PLN', 549900],
      ['2026-02', 'purchase', 'EUR', 120000],
      ['2026-02', 'repair', 'PLN', 35000],
    ]);
    expect(await costReport(db, tenantA, { fromMonth: '2026-02', toMonth: '2026-02' })).to.have.length(2);
    expect(await deviceTotalCost(db, tenantA, laptop.deviceId)).to.deep.equal([
      { currency: 'PLN', amount: 549900 + 35000 },
    ]);
    const byPerson = await costsBy(db, tenantA, {
      dimension: 'person',
      fromMonth: '2026-01',
      toMonth: '2026-02',
    });
    expect(byPerson.items).to.deep.include({ key: anna, currency: 'PLN', amount: 35000 });
  });

  it("charges billable work at the tenant's labour rate in force when it was logged, to the ticket's requester and device", async () => {
    await organization(tenantA, 18000);
    const anna = await person(tenantA, 'CC-100');
    const laptop = laptopPayload();
    await run(registerDevice, laptop, envelope(tenantA, '2026-03-01T08:00:00.000Z'));
    const ticketId = randomUUID();
    const ticket = { ticketId, requesterId: anna, deviceId: laptop.deviceId, category: 'incident' };
    await run(
      openTicket,
      { ...ticket, priority: 'P2', title: 'Slow', description: 'Very slow' },
      envelope(tenantA, '2026-03-02T08:00:00.000Z'),
    );
    const log = (minutes: number, billable: boolean, now: string) =>
      run(
        logTicketWork,
        { ticketId, workLogId: randomUUID(), minutes, billable, note: '' },
        envelope(tenantA, now),
      );
    await log(90, true, '2026-03-02T09:00:00.000Z');
    await log(45, false, '2026-03-02T10:00:00.000Z');
    await run(
      changeLabourRate,
      { organizationId: tenantA, labourRate: { amount: 20000, currency: 'PLN' } },
      envelope(tenantA, '2026-03-04T08:00:00.000Z', 'msp_admin'),
    );
    await log(20, true, '2026-03-05T09:00:00.000Z');
    await settled();

    const labour = (await costReport(db, tenantA, { fromMonth: '2026-03', toMonth: '2026-03' })).find(
      (r) => r.category === 'labour',
    );
    // 90 min at 180.00 PLN/h, then 20 min at 200.00 PLN/h rounded to the grosz; unbillable work is free.
    expect(labour).to.deep.equal({
      month: '2026-03',
      category: 'labour',
      currency: 'PLN',
      amount: 27000 + 6667,
      entries: 2,
    });
    expect(await deviceTotalCost(db, tenantA, laptop.deviceId)).to.deep.equal([
      { currency: 'PLN', amount: 549900 + 33667 },
    ]);
    const byCentre = await costsBy(db, tenantA, {
      dimension: 'cost_centre',
      fromMonth: '2026-03',
      toMonth: '2026-03',
    });
    expect(byCentre.items).to.deep.equal([
      { key: null, currency: 'PLN', amount: 549900 },
      { key: 'CC-100', currency: 'PLN', amount: 33667 },
    ]);
  });

  it('counts a licence in every month it was active, an open one up to the month asked for', async () => {
    const anna = await person(tenantA, 'CC-100');
    const crm = randomUUID();
    const design = randomUUID();
    const grant = (accessId: string, system: string, amount: number, currency: string, now: string) =>
      run(
        grantAccess,
        { personId: anna, accessId, system, monthlyCost: { amount, currency } },
        envelope(tenantA, now),
      );
    await grant(crm, 'CRM', 5000, 'PLN', '2026-01-20T08:00:00.000Z');
    await grant(design, 'Design', 1000, 'EUR', '2026-02-15T08:00:00.000Z');
    await run(
      revokeAccess,
      { personId: anna, accessId: design },
      envelope(tenantA, '2026-03-03T08:00:00.000Z'),
    );
    await settled();

    const report = await costReport(db, tenantA, { fromMonth: '2026-02', toMonth: '2026-04' });
    expect(report.map((r) => [r.month, r.currency, r.amount])).to.deep.equal([
      ['2026-02', 'EUR', 1000],
      ['2026-02', 'PLN', 5000],
      ['2026-03', 'EUR', 1000],
      ['2026-03', 'PLN', 5000],
      ['2026-04', 'PLN', 5000],
    ]);
    expect(report.every((r) => r.category === 'licence')).to.equal(true);

    const first = await licenceMonths(db, tenantA, { fromMonth: '2025-12', untilMonth: '2026-02', limit: 2 });
    const second = await licenceMonths(db, tenantA, {
      fromMonth: '2025-12',
      untilMonth: '2026-02',
      cursor: first.nextCursor as string,
    });
    // Months in order; within a month, accesses in id order (random here), so they are compared sorted.
    const months = [...first.items, ...second.items].map((m) => [m.month, m.system, m.costCentre]);
    expect(months.map((m) => m[0])).to.deep.equal(['2026-01', '2026-02', '2026-02']);
    expect(months.sort()).to.deep.equal([
      ['2026-01', 'CRM', 'CC-100'],
      ['2026-02', 'CRM', 'CC-100'],
      ['2026-02', 'Design', 'CC-100'],
    ]);
    expect(second.nextCursor).to.equal(undefined);
  });

  it('carries the cost centre a person had when the cost arose, not the one they have now', async () => {
    const anna = await person(tenantA, 'CC-100');
    await run(
      grantAccess,
      {
        personId: anna,
        accessId: randomUUID(),
        system: 'CRM',
        monthlyCost: { amount: 5000, currency: 'PLN' },
      },
      envelope(tenantA, '2026-01-05T08:00:00.000Z'),
    );
    const laptop = laptopPayload();
    await run(registerDevice, laptop, envelope(tenantA, '2026-01-05T08:00:00.000Z'));
    await run(
      assignDevice,
      { deviceId: laptop.deviceId, personId: anna },
      envelope(tenantA, '2026-01-06T08:00:00.000Z'),
    );
    await run(
      changePersonDetails,
      { personId: anna, costCentre: 'CC-200' },
      envelope(tenantA, '2026-01-07T08:00:00.000Z', 'client_manager'),
    );
    await run(
      sendDeviceToService,
      { deviceId: laptop.deviceId, reason: 'Screen', serviceProvider: 'Serwis' },
      envelope(tenantA, '2026-01-08T08:00:00.000Z'),
    );
    await run(
      completeDeviceRepair,
      { deviceId: laptop.deviceId, cost: { amount: 40000, currency: 'PLN' }, note: 'New screen' },
      envelope(tenantA, '2026-01-09T08:00:00.000Z'),
    );
    await settled();

    const page = await costsBy(db, tenantA, {
      dimension: 'cost_centre',
      fromMonth: '2026-01',
      toMonth: '2026-01',
      limit: 2,
    });
    const rest = await costsBy(db, tenantA, {
      dimension: 'cost_centre',
      fromMonth: '2026-01',
      toMonth: '2026-01',
      cursor: page.nextCursor as string,
    });
    expect([...page.items, ...rest.items]).to.deep.equal([
      { key: null, currency: 'PLN', amount: 549900 },
      { key: 'CC-100', currency: 'PLN', amount: 5000 },
      { key: 'CC-200', currency: 'PLN', amount: 40000 },
    ]);
  });

  it("never shows one tenant's costs to another", async () => {
    const foreign = laptopPayload({ purchaseCost: { amount: 99900, currency: 'EUR' } });
    await run(registerDevice, foreign, envelope(tenantB, '2026-01-10T08:00:00.000Z'));
    const theirs = await person(tenantB, 'CC-9');
    await run(
      grantAccess,
      {
        personId: theirs,
        accessId: randomUUID(),
        system: 'CRM',
        monthlyCost: { amount: 5000, currency: 'PLN' },
      },
      envelope(tenantB, '2026-01-10T08:00:00.000Z'),
    );
    await run(registerDevice, laptopPayload(), envelope(tenantA, '2026-01-10T08:00:00.000Z'));
    await settled();

    const report = await costReport(db, tenantA, { fromMonth: '2026-01', toMonth: '2026-01' });
    expect(report.map((r) => [r.category, r.currency, r.amount])).to.deep.equal([
      ['purchase', 'PLN', 549900],
    ]);
    expect(await deviceTotalCost(db, tenantA, foreign.deviceId)).to.deep.equal([]);
    expect(await deviceTotalCost(db, tenantB, foreign.deviceId)).to.deep.equal([
      { currency: 'EUR', amount: 99900 },
    ]);
    const people = await costsBy(db, tenantA, {
      dimension: 'person',
      fromMonth: '2026-01',
      toMonth: '2026-01',
    });
    expect(people.items.map((r) => r.key)).to.deep.equal([null]);
  });
});
