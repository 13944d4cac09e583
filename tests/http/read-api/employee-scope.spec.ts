import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  expectCaughtUp,
  expectProblem,
  openTicket,
  readAfter,
  type Seeded,
  seedBothTenants,
  write,
} from './support/read-fixtures.js';

describe('read API: an employee sees only their own things', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let seeded: Seeded;
  before(async () => {
    world = await startTestWorld();
    seeded = await seedBothTenants(world);
  });
  after(() => world?.close());

  const idsOf = (answer: { body: { items: Array<Record<string, string>> } }, key: string) =>
    answer.body.items.map((item) => item[key]);

  it('lists only the devices the employee holds, whatever holder the query names', async () => {
    const own = await world.employeeA.get('/devices');
    const asked = await world.employeeA.get(`/devices?holderId=${seeded.otherPersonId}`);
    const inStock = await world.employeeA.get('/devices?status=in_stock');
    const manager = await world.managerA.get('/devices');

    expect(idsOf(own, 'device_id')).to.deep.equal([seeded.employeeLaptop.deviceId]);
    expect(idsOf(asked, 'device_id')).to.deep.equal([seeded.employeeLaptop.deviceId]);
    expect(idsOf(inStock, 'device_id')).to.deep.equal([]);
    expect(idsOf(manager, 'device_id')).to.have.length(3);
  });

  it('lists only the tickets the employee requested, whatever requester the query names', async () => {
    const own = await world.employeeA.get('/tickets');
    const asked = await world.employeeA.get(`/tickets?requesterId=${seeded.otherPersonId}`);

    expect(idsOf(own, 'ticket_id')).to.deep.equal([seeded.employeeTicket.ticketId]);
    expect(idsOf(asked, 'ticket_id')).to.deep.equal([seeded.employeeTicket.ticketId]);
  });

  it('lists only the processes about the employee, whatever person the query names', async () => {
    const own = await world.employeeA.get('/processes');
    const asked = await world.employeeA.get(`/processes?personId=${seeded.otherPersonId}`);

    expect(idsOf(own, 'process_id')).to.deep.equal([seeded.employeeProcess.processId]);
    expect(idsOf(asked, 'process_id')).to.deep.equal([seeded.employeeProcess.processId]);
  });

  it("shows the employee's own device, timeline, person card, ticket and process", async () => {
    for (const path of [
      `/devices/${seeded.employeeLaptop.deviceId}`,
      `/devices/${seeded.employeeLaptop.deviceId}/timeline`,
      `/people/${world.employeePersonId}`,
      `/tickets/${seeded.employeeTicket.ticketId}`,
      `/processes/${seeded.employeeProcess.processId}`,
    ]) {
      const answer = await world.employeeA.get(path);
      expect(answer.status, path).to.equal(200);
      expect(JSON.stringify(answer.body), path).to.include(world.employeePersonId);
    }
  });

  for (const [what, path] of [
    ["a colleague's device", (s: Seeded) => `/devices/${s.otherLaptop.deviceId}`],
    ["a colleague's device timeline", (s: Seeded) => `/devices/${s.otherLaptop.deviceId}/timeline`],
    ['a device in stock', (s: Seeded) => `/devices/${s.phone.deviceId}`],
    ["a colleague's person card", (s: Seeded) => `/people/${s.otherPersonId}`],
    ["a colleague's ticket", (s: Seeded) => `/tickets/${s.otherTicket.ticketId}`],
    ["a colleague's process", (s: Seeded) => `/processes/${s.otherProcess.processId}`],
  ] as const) {
    it(`answers 404, not 403, for ${what}, which the client manager does see`, async () => {
      const answer = await world.employeeA.get(path(seeded));
      const manager = await world.managerA.get(path(seeded));

      expectProblem(answer, 404, 'NOT_FOUND');
      expect(manager.status).to.equal(200);
    });
  }

  it('stops showing a device once it is taken back from the employee', async () => {
    const returned = await write(world.technician, `/devices/${seeded.employeeLaptop.deviceId}/return`, {
      condition: 'worn',
      note: 'Replaced by a newer model',
    });

    const card = await readAfter(
      world.employeeA,
      `/devices/${seeded.employeeLaptop.deviceId}`,
      returned.checkpoint,
    );
    const list = await world.employeeA.get('/devices');
    const person = await world.employeeA.get(`/people/${world.employeePersonId}`);

    expectProblem(card, 404, 'NOT_FOUND');
    expect(card.headers.get('x-consistency')).to.equal('caught-up');
    expect(idsOf(list, 'device_id')).to.deep.equal([]);
    expect(person.body.devicesNow).to.deep.equal([]);
    expect(person.body.devicesEver.map((held: { deviceId: string }) => held.deviceId)).to.deep.equal([
      seeded.employeeLaptop.deviceId,
    ]);
  });

  it('shows a ticket a client manager opened for the employee in the employee’s own list', async () => {
    const opened = await openTicket(world.managerA, {
      requesterId: world.employeePersonId,
      title: 'New badge',
    });

    const answer = await readAfter(world.employeeA, '/tickets', opened.checkpoint);

    expectCaughtUp(answer);
    expect(idsOf(answer, 'ticket_id')).to.include(opened.ticketId);
    expect(
      answer.body.items.every(
        (item: { requester_id: string }) => item.requester_id === world.employeePersonId,
      ),
    ).to.equal(true);
  });
});
