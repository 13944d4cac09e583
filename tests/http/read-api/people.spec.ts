import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  expectCaughtUp,
  openTicket,
  readAfter,
  registerDevice,
  registerPerson,
  startAccessRequest,
  write,
} from './support/read-fixtures.js';

describe('read API: people', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('lists a person the client manager just registered, with their details and phone, without the notes', async () => {
    const registered = await write(world.managerA, '/people', {
      name: 'Karol Nowicki',
      email: 'karol.nowicki@alpha.example',
      department: 'Logistics',
      costCentre: 'CC-700',
      plannedStart: '2026-03-02',
      phone: '+48 601 244 318',
      notes: 'Works from the Gdańsk depot',
    });

    const answer = await readAfter(world.technician, '/people', registered.checkpoint);

    expectCaughtUp(answer);
    const listed = answer.body.items.find(
      (item: { person_id: string }) => item.person_id === registered.ids.personId,
    );
    expect(listed).to.include({
      name: 'Karol Nowicki',
      email: 'karol.nowicki@alpha.example',
      department: 'Logistics',
      cost_centre: 'CC-700',
      phone: '+48 601 244 318',
      status: 'planned',
    });
    // The notes are for the person card: the list is a directory that many people page through.
    expect(listed).not.to.have.property('notes');
  });

  it('filters people by status and finds them by part of the name or the start of the e-mail', async () => {
    const planned = await write(world.managerA, '/people', {
      name: 'Halina Planowana',
      email: 'halina@alpha.example',
      department: 'HR',
      costCentre: 'CC-300',
      plannedStart: '2026-06-01',
    });
    const active = await registerPerson(world.managerA, {
      name: 'Igor Aktywny',
      email: 'igor@alpha.example',
    });
    const ids = (answer: { body: { items: Array<{ person_id: string }> } }) =>
      answer.body.items.map((item) => item.person_id);

    const plannedOnly = await readAfter(world.managerA, '/people?status=planned', active.checkpoint);
    const activeOnly = await world.managerA.get('/people?status=active');
    const byName = await world.managerA.get('/people?search=planowa');
    const byEmail = await world.managerA.get('/people?search=IGOR@');

    expectCaughtUp(plannedOnly);
    expect(ids(plannedOnly)).to.include(planned.ids.personId).and.not.include(active.personId);
    expect(ids(activeOnly)).to.include(active.personId).and.not.include(planned.ids.personId);
    expect(ids(byName)).to.deep.equal([planned.ids.personId]);
    expect(ids(byEmail)).to.deep.equal([active.personId]);
  });

  it('shows the person card: devices now and ever held, accesses, tickets and processes', async () => {
    const person = await registerPerson(world.managerA, {
      name: 'Marta Karta',
      phone: '22 612 40 77',
      notes: 'Hybrid: Mon and Thu in the office',
    });
    const returned = await registerDevice(world.technician);
    const kept = await registerDevice(world.technician);
    await write(world.technician, `/devices/${returned.deviceId}/assign`, { personId: person.personId });
    await write(world.technician, `/devices/${returned.deviceId}/return`, { condition: 'good', note: '' });
    await write(world.technician, `/devices/${kept.deviceId}/assign`, { personId: person.personId });
    const access = await write(world.technician, `/people/${person.personId}/accesses`, {
      system: 'ERP',
      monthlyCost: { amount: 12000, currency: 'PLN' },
    });
    const ticket = await openTicket(world.managerA, { requesterId: person.personId });
    const process = await startAccessRequest(world.managerA, person.personId, 'CRM');

    const answer = await readAfter(world.managerA, `/people/${person.personId}`, process.checkpoint);

    expectCaughtUp(answer);
    expect(answer.body.person).to.include({
      person_id: person.personId,
      name: 'Marta Karta',
      status: 'active',
      phone: '22 612 40 77',
      notes: 'Hybrid: Mon and Thu in the office',
    });
    expect(answer.body.devicesNow).to.deep.equal([kept.deviceId]);
    expect(answer.body.devicesEver.map((held: { deviceId: string }) => held.deviceId)).to.deep.equal([
      returned.deviceId,
      kept.deviceId,
    ]);
    const [firstHeld] = answer.body.devicesEver;
    expect(firstHeld.periods).to.have.length(1);
    expect(firstHeld.periods[0].until).to.be.a('string');
    expect(answer.body.accesses).to.have.length(1);
    expect(answer.body.accesses[0]).to.include({
      access_id: access.ids.accessId,
      system: 'ERP',
      currency: 'PLN',
      revoked_at: null,
    });
    expect(Number(answer.body.accesses[0].monthly_cost)).to.equal(12000);
    expect(answer.body.ticketIds).to.deep.equal([ticket.ticketId]);
    expect(answer.body.processIds).to.deep.equal([process.processId]);
  });

  it('lets an employee read their own person card, with the laptop they were handed', async () => {
    const laptop = await registerDevice(world.technician);
    const assigned = await write(world.technician, `/devices/${laptop.deviceId}/assign`, {
      personId: world.employeePersonId,
    });

    const answer = await readAfter(world.employeeA, `/people/${world.employeePersonId}`, assigned.checkpoint);

    expectCaughtUp(answer);
    expect(answer.body.person).to.include({ person_id: world.employeePersonId, name: 'Ewa Employee' });
    expect(answer.body.devicesNow).to.include(laptop.deviceId);
  });
});
