import { expect } from 'chai';
import { type Answer, startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  dayFromNow,
  expectCaughtUp,
  openTicket,
  readAfter,
  registerDevice,
  registerPerson,
  startAccessRequest,
  thisMonth,
  write,
} from './support/read-fixtures.js';

describe('read API: dashboard and reports', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('counts on the dashboard the devices, tickets, processes and decisions just created', async () => {
    const before = await world.managerA.get('/dashboard');
    const person = await registerPerson(world.managerA);
    await registerDevice(world.technician, { warrantyEnd: dayFromNow(20) });
    const held = await registerDevice(world.technician);
    await write(world.technician, `/devices/${held.deviceId}/assign`, { personId: person.personId });
    await openTicket(world.managerA, { requesterId: person.personId, priority: 'P1' });
    const started = await startAccessRequest(world.managerA, person.personId);

    const answer = await readAfter(world.managerA, '/dashboard', started.checkpoint);

    expect(before.status).to.equal(200);
    expectCaughtUp(answer);
    const was = before.body;
    const now = answer.body;
    expect((now.devicesByStatus.in_stock ?? 0) - (was.devicesByStatus.in_stock ?? 0)).to.equal(1);
    expect((now.devicesByStatus.assigned ?? 0) - (was.devicesByStatus.assigned ?? 0)).to.equal(1);
    expect(now.warrantiesEnding - was.warrantiesEnding).to.equal(1);
    expect(now.tickets.total - was.tickets.total).to.equal(1);
    expect(now.tickets.byPriority.P1.on_track - was.tickets.byPriority.P1.on_track).to.equal(1);
    expect(now.runningProcesses.total - was.runningProcesses.total).to.equal(1);
    expect(now.runningProcesses.latest[0]).to.include({
      processId: started.processId,
      doneSteps: 0,
      totalSteps: 2,
    });
    expect(now.decisionsWaiting - was.decisionsWaiting).to.equal(1);
    expect((now.costs.thisMonth.PLN ?? 0) - (was.costs.thisMonth.PLN ?? 0)).to.equal(2 * 549900);
  });

  describe('costs (in tenant B, which has no other costs)', () => {
    let personId: string;
    let deviceId: string;
    let checkpoint: string;
    before(async () => {
      const technician = world.technician.in(world.tenantB);
      const person = await registerPerson(world.managerB, { costCentre: 'CC-B1' });
      personId = person.personId;
      const laptop = await registerDevice(technician, { purchaseCost: { amount: 300000, currency: 'PLN' } });
      deviceId = laptop.deviceId;
      await write(technician, `/devices/${deviceId}/assign`, { personId });
      await write(technician, `/devices/${deviceId}/service`, {
        reason: 'Keyboard',
        serviceProvider: 'Serwis',
      });
      await write(technician, `/devices/${deviceId}/repair`, {
        cost: { amount: 20000, currency: 'PLN' },
        note: '',
      });
      await write(technician, `/people/${personId}/accesses`, {
        system: 'Office 365',
        monthlyCost: { amount: 5000, currency: 'PLN' },
      });
      const ticket = await openTicket(world.managerB, { requesterId: personId, deviceId });
      const logged = await write(technician, `/tickets/${ticket.ticketId}/work-logs`, {
        minutes: 30,
        billable: true,
        note: 'Keyboard driver',
      });
      checkpoint = logged.checkpoint;
    });

    it('reports costs by month and category: purchase, repair, licence and billable labour', async () => {
      const answer = await readAfter(
        world.managerB,
        `/reports/costs?fromMonth=2000-01&toMonth=${thisMonth()}`,
        checkpoint,
      );

      expectCaughtUp(answer);
      const byCategory = Object.fromEntries(
        answer.body.items.map((row: { category: string; amount: number }) => [row.category, row.amount]),
      );
      expect(byCategory).to.deep.equal({ purchase: 300000, repair: 20000, licence: 5000, labour: 9000 });
      expect(answer.body.items.every((row: { currency: string }) => row.currency === 'PLN')).to.equal(true);
      expect(answer.body.items.map((row: { month: string }) => row.month)).to.include(thisMonth());
    });

    it('reports costs by device, by person and by cost centre', async () => {
      const range = `fromMonth=2000-01&toMonth=${thisMonth()}`;
      const sums = (answer: { body: { items: Array<{ key: string | null; amount: number }> } }) =>
        Object.fromEntries(answer.body.items.map((row) => [String(row.key), row.amount]));

      const byDevice = await readAfter(world.auditorA, `/reports/costs/by/device?${range}`, checkpoint);
      const devices = await readAfter(world.managerB, `/reports/costs/by/device?${range}`, checkpoint);
      const people = await world.managerB.get(`/reports/costs/by/person?${range}`);
      const centres = await world.managerB.get(`/reports/costs/by/cost_centre?${range}`);

      expect(byDevice.status).to.equal(200);
      expect(sums(byDevice), "tenant A's report has none of tenant B's devices").not.to.have.property(
        deviceId,
      );
      expectCaughtUp(devices);
      expect(sums(devices)).to.deep.equal({ [deviceId]: 300000 + 20000 + 9000, null: 5000 });
      expect(sums(people)).to.deep.equal({ [personId]: 20000 + 5000 + 9000, null: 300000 });
      expect(sums(centres)).to.deep.equal({ 'CC-B1': 20000 + 5000 + 9000, null: 300000 });
    });

    it('lists the licence months of an access, with the person and cost centre', async () => {
      const month = thisMonth();
      const answer = await readAfter(
        world.managerB,
        `/reports/licences?fromMonth=${month}&untilMonth=${month}`,
        checkpoint,
      );

      expectCaughtUp(answer);
      expect(answer.body.items).to.have.length(1);
      expect(answer.body.items[0]).to.include({
        personId,
        system: 'Office 365',
        costCentre: 'CC-B1',
        month,
        amount: 5000,
        currency: 'PLN',
      });
    });
  });

  it('plans replacements for warranties ending soon and devices past the replacement age', async () => {
    const soon = await registerDevice(world.technician, { kind: 'monitor', warrantyEnd: dayFromNow(45) });
    const later = await registerDevice(world.technician, { kind: 'monitor', warrantyEnd: dayFromNow(400) });
    const old = await registerDevice(world.technician, { kind: 'tablet', purchaseDate: '2020-02-01' });
    const policy = await write(world.mspAdmin, `/organizations/${world.tenantA}/replacement-policy`, {
      replacementAgeMonths: { tablet: 36 },
    });

    const answer = await readAfter(world.managerA, '/reports/replacement-plan', policy.checkpoint);

    expectCaughtUp(answer);
    const planned = Object.fromEntries(
      answer.body.items.map((item: { deviceId: string; reasons: string[] }) => [item.deviceId, item]),
    );
    expect(planned[soon.deviceId]).to.deep.include({ reasons: ['warranty_ending'], replacementDue: null });
    expect(planned[soon.deviceId].expectedCost).to.deep.equal({ amount: 549900, currency: 'PLN' });
    expect(planned[old.deviceId]).to.deep.include({
      reasons: ['replacement_age'],
      replacementDue: '2023-02-01',
    });
    expect(planned).not.to.have.property(later.deviceId);
  });

  it("shows the technician's workload: open tickets, minutes per week and resolutions within the SLA", async () => {
    const person = await registerPerson(world.managerA);
    const assignee = { assigneeId: world.technician.accountId, assigneeRole: 'technician' };
    const done = await openTicket(world.managerA, { requesterId: person.personId });
    const open = await openTicket(world.managerA, { requesterId: person.personId });
    const before = await world.managerA.get('/reports/workload?fromWeek=2000-W01&toWeek=2099-W52');
    for (const ticket of [done, open])
      await write(world.technician, `/tickets/${ticket.ticketId}/assign`, assignee);
    await write(world.technician, `/tickets/${done.ticketId}/start`);
    await write(world.technician, `/tickets/${done.ticketId}/work-logs`, {
      minutes: 30,
      billable: true,
      note: '',
    });
    await write(world.technician, `/tickets/${done.ticketId}/work-logs`, {
      minutes: 15,
      billable: false,
      note: '',
    });
    const resolved = await write(world.technician, `/tickets/${done.ticketId}/resolve`, {
      resolution: 'Fixed',
    });

    const answer = await readAfter(
      world.managerA,
      '/reports/workload?fromWeek=2000-W01&toWeek=2099-W52',
      resolved.checkpoint,
    );

    expectCaughtUp(answer);
    const find = (workload: Answer) =>
      workload.body.items.find(
        (row: { technicianId: string }) => row.technicianId === world.technician.accountId,
      );
    const was = find(before) ?? { openTickets: 0, resolved: 0, minutesByWeek: [] };
    const row = find(answer);
    expect(row).to.include({ openTickets: was.openTickets + 1, resolved: was.resolved + 1 });
    expect(row.resolvedWithinSla).to.equal(row.resolved);
    expect(row.slaMetShare).to.equal(1);
    const total = (weeks: Array<{ minutes: number; billableMinutes: number }>) =>
      weeks.reduce(
        (sum, week) => ({
          minutes: sum.minutes + week.minutes,
          billable: sum.billable + week.billableMinutes,
        }),
        { minutes: 0, billable: 0 },
      );
    const earlier = total(was.minutesByWeek);
    expect(total(row.minutesByWeek)).to.deep.equal({
      minutes: earlier.minutes + 45,
      billable: earlier.billable + 30,
    });
    expect(row.minutesByWeek[0]?.week).to.match(/^\d{4}-W\d{2}$/);
  });
});
