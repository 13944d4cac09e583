import { expect } from 'chai';
import { queryRoutes } from '../../../read-api/query-routes.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  dayFromNow,
  registerDevice,
  type Seeded,
  seedBothTenants,
  thisMonth,
  write,
} from './support/read-fixtures.js';

type Item = Record<string, unknown>;

describe('read API: pagination', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let seeded: Seeded;
  before(async () => {
    world = await startTestWorld();
    seeded = await seedBothTenants(world);
    // A second licence and a second device near the end of its warranty, so every list has two pages.
    await write(world.technician, `/people/${seeded.otherPersonId}/accesses`, {
      system: 'ERP',
      monthlyCost: { amount: 9900, currency: 'PLN' },
    });
    await registerDevice(world.technician, { kind: 'monitor', warrantyEnd: dayFromNow(10) });
    await world.settle();
  });
  after(() => world?.close());

  const month = thisMonth();
  /** Every paged route, with what identifies one of its items. */
  const paged: Array<{ route: string; path: () => string; key: (item: Item) => unknown }> = [
    { route: '/devices', path: () => '/devices', key: (item) => item.device_id },
    {
      route: '/devices/{deviceId}/timeline',
      path: () => `/devices/${seeded.employeeLaptop.deviceId}/timeline`,
      key: (item) => item.checkpoint,
    },
    { route: '/people', path: () => '/people', key: (item) => item.person_id },
    { route: '/tickets', path: () => '/tickets', key: (item) => item.ticket_id },
    { route: '/processes', path: () => '/processes', key: (item) => item.process_id },
    {
      route: '/reports/costs/by/{dimension}',
      path: () => `/reports/costs/by/device?fromMonth=2000-01&toMonth=${month}`,
      key: (item) => `${item.key}/${item.currency}`,
    },
    {
      route: '/reports/licences',
      path: () => `/reports/licences?fromMonth=${month}&untilMonth=${month}`,
      key: (item) => item.accessId,
    },
    {
      route: '/reports/replacement-plan',
      path: () => '/reports/replacement-plan',
      key: (item) => item.deviceId,
    },
    { route: '/audit-log', path: () => '/audit-log', key: (item) => item.checkpoint },
    { route: '/accounts', path: () => '/accounts', key: (item) => item.account_id },
  ];
  it('covers every route that takes a cursor', () => {
    const takingCursor = queryRoutes
      .filter((route) => 'cursor' in ((route.query as { shape?: object } | undefined)?.shape ?? {}))
      .map((route) => route.path);
    expect(takingCursor).to.have.members(paged.map((row) => row.route));
  });

  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  for (const route of paged) {
    it(`pages ${route.route} with limit and nextCursor, reaching every item once and ending without a cursor`, async () => {
      const path = route.path();
      const everything = await world.mspAdmin.get(withQuery(path, 'limit=500'));
      expect(everything.status, everything.text).to.equal(200);
      const all = (everything.body.items as Item[]).map(route.key);
      expect(all.length, 'the list has at least two pages of one').to.be.at.least(2);
      expect(everything.body.nextCursor).to.equal(undefined);

      const first = await world.mspAdmin.get(withQuery(path, 'limit=1'));
      expect(first.body.items).to.have.length(1);
      expect(first.body.nextCursor).to.be.a('string');
      const second = await world.mspAdmin.get(
        withQuery(path, `limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      );
      expect(second.status, second.text).to.equal(200);
      expect(second.body.items.map(route.key)).to.deep.equal([all[1]]);

      const walked: unknown[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages <= all.length; pages += 1) {
        const query = cursor === undefined ? 'limit=2' : `limit=2&cursor=${encodeURIComponent(cursor)}`;
        const page = await world.mspAdmin.get(withQuery(path, query));
        walked.push(...(page.body.items as Item[]).map(route.key));
        cursor = page.body.nextCursor;
        if (cursor === undefined) break;
      }
      expect(cursor, 'the last page has no nextCursor').to.equal(undefined);
      expect(walked).to.deep.equal(all);
    });
  }

  it('keeps a filter across pages', async () => {
    const first = await world.managerA.get('/devices?status=assigned&limit=1');
    const second = await world.managerA.get(
      `/devices?status=assigned&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );

    const both = [...first.body.items, ...second.body.items].map((item: Item) => item.device_id);
    expect(both).to.have.members([seeded.employeeLaptop.deviceId, seeded.otherLaptop.deviceId]);
    expect(second.body.nextCursor).to.equal(undefined);
  });

  it('limits the waiting decisions, which are not paged', async () => {
    const one = await world.managerA.get('/decisions?limit=1');
    const all = await world.managerA.get('/decisions');

    expect(one.body.items).to.have.length(1);
    expect(all.body.items).to.have.length(2);
    expect(one.body.items[0]).to.deep.equal(all.body.items[0]);
  });
});
