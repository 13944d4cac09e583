import { expect } from 'chai';
import { queryRoutes } from '../../../read-api/query-routes.js';
import { type Answer, startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  expectProblem,
  registerPerson,
  type Seeded,
  seedBothTenants,
  thisMonth,
} from './support/read-fixtures.js';

/** The rows of a CSV answer (RFC 4180 lines end in CRLF; the fields tested here hold no line breaks). */
const linesOf = (answer: Answer) => {
  expect(answer.text.endsWith('\r\n'), 'the document ends with CRLF').to.equal(true);
  return answer.text.slice(0, -2).split('\r\n');
};

describe('read API: CSV', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let seeded: Seeded;
  let riskyPersonId: string;
  before(async () => {
    world = await startTestWorld();
    seeded = await seedBothTenants(world);
    riskyPersonId = (
      await registerPerson(world.managerA, {
        name: '@Nowak, Jan',
        email: 'nowak.jan@alpha.example',
        department: '=HYPERLINK("http://evil.example","click")',
        costCentre: '+CC-1',
        phone: '+48 22 612 40 01',
      })
    ).personId;
    await world.settle();
  });
  after(() => world?.close());

  const month = thisMonth();
  /** Every route that offers CSV: its file name, header row and a value one data row must hold. */
  const exports = (): Array<{
    route: string;
    path: string;
    filename: string;
    header: string;
    holds: string;
  }> => [
    {
      route: '/devices',
      path: '/devices',
      filename: 'devices',
      header:
        'device_id,asset_tag,serial_number,kind,model,vendor,status,holder_id,purchase_date,warranty_end',
      holds: seeded.employeeLaptop.deviceId,
    },
    {
      route: '/people',
      path: '/people',
      filename: 'people',
      header: 'person_id,name,email,phone,department,cost_centre,status',
      holds: seeded.otherPersonId,
    },
    {
      route: '/tickets',
      path: '/tickets',
      filename: 'tickets',
      header:
        'ticket_id,title,category,priority,status,requester_id,device_id,assignee_id,opened_at,sla_state',
      holds: seeded.employeeTicket.ticketId,
    },
    {
      route: '/processes',
      path: '/processes',
      filename: 'processes',
      header:
        'process_id,scenario_id,scenario_kind,title_en,status,person_id,started_by,started_at,finished_at',
      holds: seeded.employeeProcess.processId,
    },
    {
      route: '/reports/costs',
      path: `/reports/costs?fromMonth=2000-01&toMonth=${month}`,
      filename: 'cost-report',
      header: 'month,category,currency,amount,entries',
      holds: `${month},purchase,PLN,${3 * 549900},3`,
    },
    {
      route: '/reports/costs/by/{dimension}',
      path: `/reports/costs/by/device?fromMonth=2000-01&toMonth=${month}`,
      filename: 'costs-by',
      header: 'key,currency,amount',
      holds: `${seeded.employeeLaptop.deviceId},PLN,549900`,
    },
    {
      route: '/reports/licences',
      path: `/reports/licences?fromMonth=${month}&untilMonth=${month}`,
      filename: 'licences',
      header: 'month,accessId,personId,system,costCentre,amount,currency',
      holds: `${month},${seeded.accessId},${world.employeePersonId},VPN,CC-100,4900,PLN`,
    },
    {
      route: '/reports/replacement-plan',
      path: '/reports/replacement-plan',
      filename: 'replacement-plan',
      header:
        'deviceId,assetTag,kind,model,status,holderId,purchaseDate,warrantyEnd,replacementDue,reasons,expectedCost',
      holds: `"[""warranty_ending""]","{""amount"":549900,""currency"":""PLN""}"`,
    },
    {
      route: '/audit-log',
      path: '/audit-log?type=DeviceRegistered',
      filename: 'audit-log',
      header: 'checkpoint,recorded_at,stream_name,event_type,actor_id,actor_role,data',
      holds: `device-${seeded.phone.deviceId},DeviceRegistered,${world.technician.accountId},technician,"{""`,
    },
  ];
  const noCsv = [
    '/tenants',
    '/organization',
    '/dashboard',
    '/devices/{deviceId}',
    '/devices/{deviceId}/timeline',
    '/people/{personId}',
    '/tickets/{ticketId}',
    '/processes/{processId}',
    '/decisions',
    '/scenarios',
    '/reports/workload',
    '/queue',
    '/accounts',
    '/accounts/{accountId}',
  ];

  it('offers CSV exactly on the lists and reports, and says which do not', () => {
    const offering = queryRoutes.filter((route) => route.csv).map((route) => route.path);
    const notOffering = queryRoutes.filter((route) => !route.csv).map((route) => route.path);
    expect(offering).to.have.members(exports().map((row) => row.route));
    expect(notOffering).to.have.members(noCsv);
  });

  for (const route of [
    '/devices',
    '/people',
    '/tickets',
    '/processes',
    '/reports/costs',
    '/reports/costs/by/{dimension}',
    '/reports/licences',
    '/reports/replacement-plan',
    '/audit-log',
  ]) {
    for (const how of ['?format=csv', 'Accept: text/csv'] as const) {
      it(`exports ${route} as a CSV attachment when asked with ${how}`, async () => {
        const row = exports().find((candidate) => candidate.route === route);
        if (!row) throw new Error(`no export for ${route}`);
        const answer =
          how === '?format=csv'
            ? await world.mspAdmin.get(`${row.path}${row.path.includes('?') ? '&' : '?'}format=csv`)
            : await world.mspAdmin.get(row.path, { headers: { Accept: 'text/csv' } });

        expect(answer.status, answer.text).to.equal(200);
        expect(answer.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
        expect(answer.headers.get('content-disposition')).to.match(
          new RegExp(`^attachment; filename="?${row.filename}\\.csv"?$`),
        );
        const [header, ...data] = linesOf(answer);
        expect(header).to.equal(row.header);
        expect(
          data.filter((line) => line.includes(row.holds)),
          `a row holds ${row.holds}`,
        ).to.have.length(1);
      });
    }
  }

  it('quotes a field holding a comma or a quote mark, doubling the quote marks', async () => {
    const answer = await world.managerA.get('/devices?format=csv');

    const line = linesOf(answer).find((candidate) => candidate.startsWith(seeded.employeeLaptop.deviceId));
    expect(line).to.include(',laptop,"ThinkPad ""X1"", Carbon",Lenovo,assigned,');
  });

  it('defuses values a spreadsheet would run as a formula by prefixing a quote mark', async () => {
    const answer = await world.managerA.get('/people', { headers: { Accept: 'text/csv' } });

    const line = linesOf(answer).find((candidate) => candidate.startsWith(riskyPersonId));
    expect(line).to.equal(
      `${riskyPersonId},"'@Nowak, Jan",nowak.jan@alpha.example,'+48 22 612 40 01,"'=HYPERLINK(""http://evil.example"",""click"")",'+CC-1,active`,
    );
  });

  it('answers JSON when ?format=json overrides an Accept: text/csv', async () => {
    const answer = await world.managerA.get('/devices?format=json', { headers: { Accept: 'text/csv' } });

    expect(answer.headers.get('content-type')).to.match(/^application\/json/);
    expect(answer.body.items).to.have.length(3);
  });

  it('answers JSON when the client prefers it or says nothing', async () => {
    const preferred = await world.managerA.get('/devices', {
      headers: { Accept: 'application/json, text/csv;q=0.5' },
    });
    const unsaid = await world.managerA.get('/devices');

    for (const answer of [preferred, unsaid]) {
      expect(answer.headers.get('content-type')).to.match(/^application\/json/);
      expect(answer.headers.get('content-disposition')).to.equal(null);
    }
  });

  for (const route of noCsv) {
    it(`answers 406 CSV_NOT_OFFERED problem for ${route}?format=csv`, async () => {
      const path = route
        .replace('{deviceId}', seeded.employeeLaptop.deviceId)
        .replace('{personId}', world.employeePersonId)
        .replace('{ticketId}', seeded.employeeTicket.ticketId)
        .replace('{processId}', seeded.employeeProcess.processId)
        .replace('{accountId}', seeded.accountId);
      const query = route === '/reports/workload' ? 'fromWeek=2026-W01&toWeek=2026-W02&' : '';

      const answer = await world.mspAdmin.get(`${path}?${query}format=csv`);

      expectProblem(answer, 406, 'CSV_NOT_OFFERED');
    });
  }
});
