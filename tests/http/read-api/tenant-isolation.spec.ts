import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type Client, startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectProblem, type Seeded, seedBothTenants, thisMonth } from './support/read-fixtures.js';

describe('read API: one tenant never sees another', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let seeded: Seeded;
  before(async () => {
    world = await startTestWorld();
    seeded = await seedBothTenants(world);
  });
  after(() => world?.close());

  /** Every card route, with an item of tenant A. */
  const cardsOfA = () => [
    { route: '/devices/{deviceId}', path: `/devices/${seeded.employeeLaptop.deviceId}` },
    { route: '/devices/{deviceId}/timeline', path: `/devices/${seeded.employeeLaptop.deviceId}/timeline` },
    { route: '/people/{personId}', path: `/people/${world.employeePersonId}` },
    { route: '/tickets/{ticketId}', path: `/tickets/${seeded.employeeTicket.ticketId}` },
    { route: '/processes/{processId}', path: `/processes/${seeded.employeeProcess.processId}` },
    { route: '/accounts/{accountId}', path: `/accounts/${seeded.accountId}` },
  ];
  /** Callers acting in tenant B that may read the route at all. */
  const callersInB = (route: string): Array<[string, Client]> => [
    ['msp_admin in B', world.mspAdmin.in(world.tenantB)],
    ...(route.startsWith('/accounts')
      ? []
      : ([
          ['technician in B', world.technician.in(world.tenantB)],
          ['client manager of B', world.managerB],
        ] as Array<[string, Client]>)),
  ];
  const neverExisted = (path: string) => path.replace(/[0-9a-f-]{36}/, randomUUID());

  for (const route of [
    '/devices/{deviceId}',
    '/devices/{deviceId}/timeline',
    '/people/{personId}',
    '/tickets/{ticketId}',
    '/processes/{processId}',
    '/accounts/{accountId}',
  ]) {
    it(`answers 404 for ${route} of tenant A to every caller acting in tenant B, as for an id that never existed`, async () => {
      const card = cardsOfA().find((row) => row.route === route);
      if (!card) throw new Error(`no item for ${route}`);
      const inA = await world.mspAdmin.get(card.path);
      expect(inA.status, 'the item exists in tenant A').to.equal(200);

      for (const [who, caller] of callersInB(route)) {
        const answer = await caller.get(card.path);
        const unknown = await caller.get(neverExisted(card.path));

        expectProblem(answer, 404, 'NOT_FOUND');
        expect(JSON.stringify(answer.body), who).not.to.include(world.tenantA);
        expect([answer.body.title, answer.body.type], who).to.deep.equal([
          unknown.body.title,
          unknown.body.type,
        ]);
        expect(unknown.status).to.equal(404);
      }
    });
  }

  it("answers 404 to tenant A's client manager for tenant B's device, person, ticket and process", async () => {
    for (const path of [
      `/devices/${seeded.deviceB.deviceId}`,
      `/devices/${seeded.deviceB.deviceId}/timeline`,
      `/people/${world.personB}`,
      `/tickets/${seeded.ticketB.ticketId}`,
      `/processes/${seeded.processB.processId}`,
    ]) {
      const answer = await world.managerA.get(path);
      expectProblem(answer, 404, 'NOT_FOUND');
    }
    const account = await world.mspAdmin.get(`/accounts/${world.managerB.accountId}`);
    expectProblem(account, 404, 'NOT_FOUND');
  });

  it("keeps every id of tenant A out of every list and report of tenant B, which shows B's own items", async () => {
    const month = thisMonth();
    const idsOfA = [
      world.tenantA,
      world.employeePersonId,
      seeded.otherPersonId,
      seeded.employeeLaptop.deviceId,
      seeded.otherLaptop.deviceId,
      seeded.phone.deviceId,
      seeded.employeeTicket.ticketId,
      seeded.otherTicket.ticketId,
      seeded.employeeProcess.processId,
      seeded.otherProcess.processId,
      seeded.accountId,
      seeded.accessId,
      world.managerA.accountId,
    ];
    const lists: Array<{ path: string; shows: string[] }> = [
      { path: '/devices', shows: [seeded.deviceB.deviceId] },
      { path: '/people', shows: [world.personB] },
      { path: '/tickets', shows: [seeded.ticketB.ticketId] },
      { path: '/processes', shows: [seeded.processB.processId] },
      { path: '/decisions', shows: [seeded.processB.processId] },
      { path: '/dashboard', shows: [seeded.processB.processId] },
      { path: '/organization', shows: [world.tenantB] },
      { path: '/scenarios', shows: ['access-request'] },
      { path: `/reports/costs?fromMonth=2000-01&toMonth=${month}`, shows: ['purchase'] },
      {
        path: `/reports/costs/by/device?fromMonth=2000-01&toMonth=${month}`,
        shows: [seeded.deviceB.deviceId],
      },
      { path: `/reports/costs/by/person?fromMonth=2000-01&toMonth=${month}`, shows: ['PLN'] },
      { path: `/reports/licences?fromMonth=2000-01&untilMonth=${month}`, shows: [] },
      { path: '/reports/replacement-plan', shows: [] },
      { path: '/reports/workload?fromWeek=2000-W01&toWeek=2099-W52', shows: [] },
      { path: '/audit-log?limit=500', shows: [`device-${seeded.deviceB.deviceId}`] },
      { path: '/accounts', shows: [world.managerB.accountId] },
    ];
    const leaks: string[] = [];
    for (const { path, shows } of lists) {
      const answer = await world.mspAdmin.in(world.tenantB).get(path);
      expect(answer.status, path).to.equal(200);
      const text = JSON.stringify(answer.body);
      for (const own of shows) expect(text, `${path} shows ${own}`).to.include(own);
      leaks.push(...idsOfA.filter((id) => text.includes(id)).map((id) => `${path} shows ${id}`));
    }
    expect(leaks).to.deep.equal([]);
  });

  it("lists a technician serving both tenants only the acting tenant's items", async () => {
    const inA = await world.technician.get('/tickets');
    const inB = await world.technician.in(world.tenantB).get('/tickets');
    const ids = (answer: { body: { items: Array<{ ticket_id: string }> } }) =>
      answer.body.items.map((item) => item.ticket_id);

    expect(ids(inA)).to.have.members([seeded.employeeTicket.ticketId, seeded.otherTicket.ticketId]);
    expect(ids(inB)).to.deep.equal([seeded.ticketB.ticketId]);
  });
});
