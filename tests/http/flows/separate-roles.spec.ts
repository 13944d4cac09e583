import { expect } from 'chai';
import { laptopPayload } from '../../support/commands.js';
import { problemOf, request } from '../support/test-app.js';
import { type SeparateRoles, startSeparateRoles } from './separate-roles.js';

const problemType = 'application/problem+json; charset=utf-8';

describe('The app run as separate projector, write-API and read-API processes', function () {
  this.timeout(60_000);
  let roles: SeparateRoles;
  let technicianToken: string;
  let managerToken: string;
  const as = (token: string, tenantId: string) => ({
    Authorization: `Bearer ${token}`,
    'X-Tenant-Id': tenantId,
  });

  before(async () => {
    roles = await startSeparateRoles();
    technicianToken = await roles.login(roles.writeApi, roles.technician.email);
    managerToken = await roles.login(roles.readApi, roles.manager.email);
  });
  after(() => roles?.close());

  it('serves no HTTP from the projector process', () => {
    expect(roles.projector.url).to.equal(undefined);
    expect(roles.projector.http).to.equal(undefined);
    expect(roles.projector.runner()).to.not.equal(undefined);
    expect(roles.writeApi.runner()).to.equal(undefined);
    expect(roles.readApi.runner()).to.equal(undefined);
  });

  it('shows a command sent to the write API on the read API once the projector has applied it', async () => {
    const { deviceId: _made, ...body } = laptopPayload();
    const sent = await request(roles.writeApi.url as string, 'POST', '/api/v1/devices', {
      body,
      headers: as(technicianToken, roles.tenantId),
    });
    expect(sent.status, sent.text).to.equal(201);
    const deviceId = sent.body.ids.deviceId as string;
    const checkpoint = sent.headers.get('x-checkpoint') as string;
    expect(checkpoint).to.equal(sent.body.checkpoint);

    const read = await request(
      roles.readApi.url as string,
      'GET',
      `/api/v1/devices/${deviceId}?after=${checkpoint}`,
      {
        headers: as(managerToken, roles.tenantId),
      },
    );
    expect(read.status, read.text).to.equal(200);
    expect(read.headers.get('x-consistency')).to.equal('caught-up');
    expect(read.body).to.include({ device_id: deviceId, asset_tag: body.assetTag, status: 'in_stock' });
  });

  it('accepts on the read API a session made by logging in on the write API (one session store)', async () => {
    const me = await request(roles.readApi.url as string, 'GET', '/api/v1/me', {
      headers: as(technicianToken, roles.tenantId),
    });
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ email: roles.technician.email, tenantId: roles.tenantId });
    expect(me.body.roles).to.deep.equal(['technician']);
  });

  it('answers 404 ROUTE_NOT_FOUND for a command on the read-API process', async () => {
    const { deviceId: _made, ...body } = laptopPayload();
    const answer = await request(roles.readApi.url as string, 'POST', '/api/v1/devices', {
      body,
      headers: as(technicianToken, roles.tenantId),
    });
    expect(problemOf(answer)).to.deep.equal({ status: 404, type: problemType, code: 'ROUTE_NOT_FOUND' });
    const { rows } = await roles.readApi.database.pool.query<{ count: string }>(
      "select count(*) from es_events where data->>'assetTag' = $1",
      [body.assetTag],
    );
    expect(Number(rows[0]?.count)).to.equal(0);
  });

  for (const path of ['/devices', '/dashboard', '/live?topics=tickets']) {
    it(`answers 404 ROUTE_NOT_FOUND for GET ${path} on the write-API process`, async () => {
      const answer = await request(roles.writeApi.url as string, 'GET', `/api/v1${path}`, {
        headers: as(managerToken, roles.tenantId),
      });
      expect(problemOf(answer)).to.deep.equal({ status: 404, type: problemType, code: 'ROUTE_NOT_FOUND' });
    });
  }

  it("describes in each API process's OpenAPI document only the operations it serves", async () => {
    const operationsOf = async (url: string) => {
      const document = await request(url, 'GET', '/api/openapi.json');
      expect(document.status).to.equal(200);
      const paths = document.body.paths as Record<string, Record<string, unknown>>;
      return Object.entries(paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((m) => `${m} ${path}`),
      );
    };
    const written = await operationsOf(roles.writeApi.url as string);
    const read = await operationsOf(roles.readApi.url as string);
    expect(written).to.include.members(['post /api/v1/devices', 'post /api/v1/processes', 'get /api/v1/me']);
    expect(written).to.not.include.members(['get /api/v1/devices']);
    expect(written).to.not.include('get /api/v1/live');
    expect(read).to.include.members(['get /api/v1/devices', 'get /api/v1/dashboard', 'get /api/v1/live']);
    // Besides logging in and out, the read API writes no event but the record of an auditor's access: a
    // verification with a seal in the body (too long for a query string), and rebuilds of the read models as of a
    // date, which it starts and drops in schemas of their own.
    expect(
      read.filter((operation) => !operation.startsWith('get ') && !operation.includes('/auth/')).sort(),
    ).to.deep.equal([
      'delete /api/v1/audit/rebuilds/{rebuildId}',
      'post /api/v1/audit/rebuilds',
      'post /api/v1/audit/verify',
    ]);
    expect(written).to.not.include.members(['post /api/v1/audit/verify', 'post /api/v1/audit/rebuilds']);
  });
});
