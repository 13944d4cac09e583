import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { queryRoutes } from '../../../read-api/query-routes.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { errorPaths, expectProblem } from './support/read-fixtures.js';

/** A cursor in the API's own encoding whose parts are not what the route pages by. */
const forgedCursor = Buffer.from(JSON.stringify(['not a time', 'x'])).toString('base64url');
const id = randomUUID();
const months = 'fromMonth=2026-01&toMonth=2026-03';

/** route: the OpenAPI path it exercises; path: what is sent; paths: the `errors` the 400 must name. */
const cases: Array<{ route: string; path: string; paths: string[] }> = [
  { route: '/tenants', path: '/tenants?foo=1', paths: ['query.foo'] },
  { route: '/organization', path: '/organization?name=x', paths: ['query.name'] },
  { route: '/dashboard', path: '/dashboard?month=2026-01', paths: ['query.month'] },
  { route: '/devices', path: '/devices?limit=0', paths: ['query.limit'] },
  { route: '/devices', path: '/devices?limit=501', paths: ['query.limit'] },
  { route: '/devices', path: '/devices?limit=ten', paths: ['query.limit'] },
  {
    route: '/devices',
    path: '/devices?status=broken&holderId=123',
    paths: ['query.status', 'query.holderId'],
  },
  { route: '/devices', path: '/devices?foo=bar&limit=0', paths: ['query.foo', 'query.limit'] },
  { route: '/devices', path: '/devices?cursor=%25%25%25', paths: ['query.cursor'] },
  { route: '/devices/{deviceId}', path: '/devices/not-a-uuid', paths: ['path.deviceId'] },
  { route: '/devices/{deviceId}', path: `/devices/${id}?expand=all`, paths: ['query.expand'] },
  { route: '/devices/{deviceId}', path: `/devices/${id}?asOf=last-week`, paths: ['query.asOf'] },
  { route: '/devices/{deviceId}', path: `/devices/${id}?asOf=2999-12-31`, paths: ['query.asOf'] },
  { route: '/devices/{deviceId}/timeline', path: '/devices/123/timeline', paths: ['path.deviceId'] },
  { route: '/devices/{deviceId}/timeline', path: `/devices/${id}/timeline?limit=-5`, paths: ['query.limit'] },
  { route: '/people', path: '/people?status=retired', paths: ['query.status'] },
  { route: '/people', path: '/people?cursor=bm90IGpzb24', paths: ['query.cursor'] },
  { route: '/people/{personId}', path: '/people/ewa', paths: ['path.personId'] },
  { route: '/people/{personId}', path: `/people/${id}?asOf=2026-02-30`, paths: ['query.asOf'] },
  {
    route: '/tickets',
    path: '/tickets?priority=P9&slaState=late',
    paths: ['query.priority', 'query.slaState'],
  },
  { route: '/tickets', path: `/tickets?cursor=${forgedCursor}`, paths: ['query.cursor'] },
  { route: '/tickets/{ticketId}', path: '/tickets/42', paths: ['path.ticketId'] },
  { route: '/tickets/{ticketId}', path: `/tickets/${id}?asOf=1700000000`, paths: ['query.asOf'] },
  { route: '/processes', path: '/processes?status=paused', paths: ['query.status'] },
  { route: '/processes', path: `/processes?cursor=${forgedCursor}`, paths: ['query.cursor'] },
  { route: '/processes/{processId}', path: '/processes/onboarding', paths: ['path.processId'] },
  {
    route: '/processes/{processId}',
    path: `/processes/${id}?asOf=2026-03-01T10:00`,
    paths: ['query.asOf'],
  },
  { route: '/decisions', path: '/decisions?limit=0', paths: ['query.limit'] },
  { route: '/decisions', path: '/decisions?cursor=abc', paths: ['query.cursor'] },
  { route: '/scenarios', path: '/scenarios?all=true', paths: ['query.all'] },
  {
    route: '/reports/costs',
    path: '/reports/costs?fromMonth=2026-13&toMonth=2026-01',
    paths: ['query.fromMonth'],
  },
  { route: '/reports/costs', path: '/reports/costs?fromMonth=2026-01', paths: ['query.toMonth'] },
  { route: '/reports/costs', path: '/reports/costs', paths: ['query.fromMonth', 'query.toMonth'] },
  {
    route: '/reports/costs/by/{dimension}',
    path: `/reports/costs/by/colour?${months}`,
    paths: ['path.dimension'],
  },
  {
    route: '/reports/costs/by/{dimension}',
    path: '/reports/costs/by/person?fromMonth=26-01&toMonth=2026-1',
    paths: ['query.fromMonth', 'query.toMonth'],
  },
  { route: '/reports/licences', path: '/reports/licences?fromMonth=2026-01', paths: ['query.untilMonth'] },
  {
    route: '/reports/licences',
    path: `/reports/licences?fromMonth=2026-01&untilMonth=2026-02&cursor=%7B`,
    paths: ['query.cursor'],
  },
  { route: '/reports/replacement-plan', path: '/reports/replacement-plan?limit=1.5', paths: ['query.limit'] },
  {
    route: '/reports/workload',
    path: '/reports/workload?fromWeek=2026-W54&toWeek=2026-01',
    paths: ['query.fromWeek', 'query.toWeek'],
  },
  { route: '/reports/workload', path: '/reports/workload?fromWeek=2026-W01', paths: ['query.toWeek'] },
  { route: '/audit-log', path: '/audit-log?from=yesterday', paths: ['query.from'] },
  { route: '/audit-log', path: '/audit-log?cursor=zzz', paths: ['query.cursor'] },
  { route: '/queue', path: '/queue?mine=yes&limit=0', paths: ['query.mine', 'query.limit'] },
  { route: '/accounts', path: '/accounts?limit=1000', paths: ['query.limit'] },
  { route: '/accounts/{accountId}', path: '/accounts/admin', paths: ['path.accountId'] },
  // The parameters every GET takes.
  { route: '/devices', path: '/devices?after=yesterday', paths: ['query.after'] },
  { route: '/tickets', path: '/tickets?format=xml', paths: ['query.format'] },
];

describe('read API: bad input', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('has a bad-input case for every GET route', () => {
    const covered = new Set(cases.map((row) => row.route));
    expect(queryRoutes.map((route) => route.path).filter((path) => !covered.has(path))).to.deep.equal([]);
  });

  for (const row of cases) {
    it(`answers 400 naming ${row.paths.join(' and ')} for GET ${row.path}`, async () => {
      // msp_admin may call every route, so only the input can be wrong.
      const answer = await world.mspAdmin.get(row.path);

      expectProblem(answer, 400, 'QUERY_INVALID');
      expect(errorPaths(answer)).to.have.members(row.paths);
      for (const error of answer.body.errors) expect(error.message).to.be.a('string').and.not.equal('');
      expect(answer.body.instance).to.equal(`/api/v1${row.path}`);
    });
  }

  it('names an unknown parameter with the message "unknown parameter"', async () => {
    const answer = await world.managerA.get('/devices?foo=1');

    expect(answer.body.errors).to.deep.equal([{ path: 'query.foo', message: 'unknown parameter' }]);
  });

  it('tells how to page when a cursor was not made by the API', async () => {
    const answer = await world.managerA.get(`/tickets?cursor=${forgedCursor}`);

    expect(answer.body.errors).to.deep.equal([
      { path: 'query.cursor', message: 'not a cursor this API made (use nextCursor as given)' },
    ]);
  });
});
