import { expect } from 'chai';
import { queryRoutes } from '../../../read-api/query-routes.js';
import { type Client, startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectProblem, type Seeded, seedBothTenants, thisMonth } from './support/read-fixtures.js';

type Who = 'mspAdmin' | 'technician' | 'managerA' | 'auditorA' | 'employeeA';
const roleOf: Record<Who, string> = {
  mspAdmin: 'msp_admin',
  technician: 'technician',
  managerA: 'client_manager',
  auditorA: 'auditor',
  employeeA: 'employee',
};
const everyone: Who[] = ['mspAdmin', 'technician', 'managerA', 'auditorA', 'employeeA'];
const notEmployee: Who[] = ['mspAdmin', 'technician', 'managerA', 'auditorA'];
/** Costs and history are the client's and the auditors' business, not the technicians'. */
const costsAndHistory: Who[] = ['mspAdmin', 'managerA', 'auditorA'];

/**
 * Who may read each route in tenant A, as the design gives it (the employee reads their own items). Written
 * out here rather than taken from the route table, so a route that opens up or closes by mistake fails.
 */
const allowed = (
  seeded: Seeded,
  employeePersonId: string,
): Array<{ route: string; path: string; who: Who[] }> => {
  const range = `fromMonth=2026-01&toMonth=${thisMonth()}`;
  const now = encodeURIComponent(new Date().toISOString());
  return [
    { route: '/tenants', path: '/tenants', who: everyone },
    { route: '/organization', path: '/organization', who: everyone },
    { route: '/dashboard', path: '/dashboard', who: notEmployee },
    { route: '/devices', path: '/devices', who: everyone },
    { route: '/devices/{deviceId}', path: `/devices/${seeded.employeeLaptop.deviceId}`, who: everyone },
    // The state as of a date is the full history: its readers only, not even the employee whose item it is.
    {
      route: '/devices/{deviceId}',
      path: `/devices/${seeded.employeeLaptop.deviceId}?asOf=${now}`,
      who: costsAndHistory,
    },
    {
      route: '/devices/{deviceId}/timeline',
      path: `/devices/${seeded.employeeLaptop.deviceId}/timeline`,
      who: everyone,
    },
    { route: '/people', path: '/people', who: notEmployee },
    { route: '/people/{personId}', path: `/people/${employeePersonId}`, who: everyone },
    { route: '/people/{personId}', path: `/people/${employeePersonId}?asOf=${now}`, who: costsAndHistory },
    { route: '/tickets', path: '/tickets', who: everyone },
    { route: '/tickets/{ticketId}', path: `/tickets/${seeded.employeeTicket.ticketId}`, who: everyone },
    {
      route: '/tickets/{ticketId}',
      path: `/tickets/${seeded.employeeTicket.ticketId}?asOf=${now}`,
      who: costsAndHistory,
    },
    { route: '/processes', path: '/processes', who: everyone },
    {
      route: '/processes/{processId}',
      path: `/processes/${seeded.employeeProcess.processId}`,
      who: everyone,
    },
    {
      route: '/processes/{processId}',
      path: `/processes/${seeded.employeeProcess.processId}?asOf=${now}`,
      who: costsAndHistory,
    },
    { route: '/decisions', path: '/decisions', who: notEmployee },
    { route: '/scenarios', path: '/scenarios', who: notEmployee },
    { route: '/reports/costs', path: `/reports/costs?${range}`, who: costsAndHistory },
    {
      route: '/reports/costs/by/{dimension}',
      path: `/reports/costs/by/device?${range}`,
      who: costsAndHistory,
    },
    {
      route: '/reports/licences',
      path: `/reports/licences?fromMonth=2026-01&untilMonth=${thisMonth()}`,
      who: costsAndHistory,
    },
    { route: '/reports/replacement-plan', path: '/reports/replacement-plan', who: notEmployee },
    {
      route: '/reports/workload',
      path: '/reports/workload?fromWeek=2026-W01&toWeek=2026-W52',
      who: notEmployee,
    },
    { route: '/queue', path: '/queue', who: ['mspAdmin', 'technician'] },
    { route: '/audit-log', path: '/audit-log', who: costsAndHistory },
    { route: '/accounts', path: '/accounts', who: ['mspAdmin'] },
    { route: '/accounts/{accountId}', path: `/accounts/${seeded.accountId}`, who: ['mspAdmin'] },
  ];
};

describe('read API: roles', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let matrix: ReturnType<typeof allowed>;
  before(async () => {
    world = await startTestWorld();
    matrix = allowed(await seedBothTenants(world), world.employeePersonId);
  });
  after(() => world?.close());

  const client = (who: Who): Client => world[who];

  it('states who may read every GET route', () => {
    const stated = new Set(matrix.map((row) => row.route));
    expect(queryRoutes.map((route) => route.path).filter((path) => !stated.has(path))).to.deep.equal([]);
  });

  it('answers 200 to every role a route is open to', async () => {
    const refused: string[] = [];
    for (const row of matrix) {
      for (const who of row.who) {
        const answer = await client(who).get(row.path);
        if (answer.status !== 200)
          refused.push(`${who} GET ${row.path}: ${answer.status} ${answer.body.code}`);
      }
    }
    expect(refused).to.deep.equal([]);
  });

  it('answers 403 ROLE_NOT_ALLOWED problem+json to every other role', async () => {
    const letThrough: string[] = [];
    let refusals = 0;
    for (const row of matrix) {
      for (const who of everyone.filter((candidate) => !row.who.includes(candidate))) {
        const answer = await client(who).get(row.path);
        refusals += 1;
        const ok =
          answer.status === 403 &&
          answer.body.code === 'ROLE_NOT_ALLOWED' &&
          /^application\/problem\+json/.test(answer.headers.get('content-type') ?? '');
        if (!ok) letThrough.push(`${who} GET ${row.path}: ${answer.status} ${answer.body.code}`);
      }
    }
    expect(letThrough).to.deep.equal([]);
    expect(refusals, 'the matrix refuses someone somewhere').to.be.greaterThan(20);
  });

  for (const [who, path] of [
    ['employeeA', '/dashboard'],
    ['employeeA', '/people'],
    ['employeeA', '/reports/costs?fromMonth=2026-01&toMonth=2026-02'],
    ['employeeA', '/audit-log'],
    ['technician', '/reports/costs?fromMonth=2026-01&toMonth=2026-02'],
    ['technician', '/audit-log'],
    ['managerA', '/accounts'],
    ['auditorA', '/accounts'],
    ['technician', '/accounts'],
  ] as const) {
    it(`refuses ${who} GET ${path.split('?')[0]} with a 403 problem that names the refused role`, async () => {
      const answer = await client(who).get(path);

      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
      expect(answer.body.detail).to.include(roleOf[who]);
    });
  }

  it('checks the role before the input, so a refused caller learns nothing from validation', async () => {
    const answer = await world.employeeA.get('/people?status=nonsense');

    expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    expect(answer.body).not.to.have.property('errors');
  });

  it('gives a technician of tenant B no access to the accounts of tenant B either', async () => {
    const answer = await world.technician.in(world.tenantB).get('/accounts');

    expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
  });
});
