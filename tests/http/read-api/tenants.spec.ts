import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectCaughtUp, expectProblem, readAfter, registerDevice, write } from './support/read-fixtures.js';

describe('read API: tenants, the organization and choosing the tenant', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let deviceA: string;
  let deviceB: string;
  before(async () => {
    world = await startTestWorld();
    deviceA = (await registerDevice(world.technician.in(world.tenantA))).deviceId;
    deviceB = (await registerDevice(world.technician.in(world.tenantB))).deviceId;
    await world.settle();
  });
  after(() => world?.close());

  const tenantIds = (answer: { body: { items: Array<{ tenant_id: string }> } }) =>
    answer.body.items.map((item) => item.tenant_id);
  const deviceIds = (answer: { body: { items: Array<{ device_id: string }> } }) =>
    answer.body.items.map((item) => item.device_id);

  it('lists only the tenants each caller may act in', async () => {
    const manager = await world.managerA.get('/tenants');
    const employee = await world.employeeA.get('/tenants');
    const technician = await world.technician.get('/tenants');
    const admin = await world.mspAdmin.get('/tenants');

    expect(tenantIds(manager)).to.deep.equal([world.tenantA]);
    expect(tenantIds(employee)).to.deep.equal([world.tenantA]);
    expect(tenantIds(technician)).to.have.members([world.tenantA, world.tenantB]);
    expect(tenantIds(admin)).to.include.members([world.tenantA, world.tenantB]);
    expect(manager.body.items[0]).to.include({ name: 'Alpha sp. z o.o.', default_currency: 'PLN' });
  });

  it("shows the tenant's organization with a new name right after the administrator renames it", async () => {
    const renamed = await write(world.mspAdmin.in(world.tenantB), `/organizations/${world.tenantB}/rename`, {
      name: 'Beta Holding GmbH',
    });

    const answer = await readAfter(world.managerB, '/organization', renamed.checkpoint);
    const other = await world.managerA.get('/organization');

    expectCaughtUp(answer);
    expect(answer.body).to.include({
      tenant_id: world.tenantB,
      name: 'Beta Holding GmbH',
      default_currency: 'PLN',
      time_zone: 'Europe/Warsaw',
      ticket_reopen_window_days: 14,
    });
    expect(answer.body.sla_policy.P1).to.deep.equal({ firstResponseMinutes: 15, resolutionMinutes: 240 });
    expect(other.body).to.include({ tenant_id: world.tenantA, name: 'Alpha sp. z o.o.' });
  });

  it('acts in the tenant the X-Tenant-Id header names', async () => {
    const inA = await world.technician.get('/devices', { tenant: world.tenantA });
    const inB = await world.technician.get('/devices', { tenant: world.tenantB });

    expect(deviceIds(inA)).to.deep.equal([deviceA]);
    expect(deviceIds(inB)).to.deep.equal([deviceB]);
  });

  it('acts in the tenant ?tenant= names when no header is sent', async () => {
    const inB = await world.technician.get(`/devices?tenant=${world.tenantB}`, { tenant: null });
    const organization = await world.technician.get(`/organization?tenant=${world.tenantB}`, {
      tenant: null,
    });

    expect(inB.status).to.equal(200);
    expect(deviceIds(inB)).to.deep.equal([deviceB]);
    expect(organization.body.tenant_id).to.equal(world.tenantB);
  });

  it('asks an account serving several tenants to name one when it names none', async () => {
    const answer = await world.technician.get('/devices', { tenant: null });

    expectProblem(answer, 400, 'TENANT_REQUIRED');
  });

  it('acts in the home tenant of a client account that names none', async () => {
    const answer = await world.managerB.get('/devices', { tenant: null });

    expect(deviceIds(answer)).to.deep.equal([deviceB]);
  });

  for (const how of ['header', 'query'] as const) {
    it(`answers 404 TENANT_NOT_FOUND for a tenant the account has no role in (named in the ${how})`, async () => {
      const unknown = randomUUID();
      const ask = (path: string, tenant: string) =>
        how === 'header'
          ? world.managerA.get(path, { tenant })
          : world.managerA.get(`${path}?tenant=${tenant}`, { tenant: null });

      const otherClient = await ask('/devices', world.tenantB);
      const nobody = await ask('/devices', unknown);
      const technician = await world.technician.get('/organization', { tenant: unknown });

      expectProblem(otherClient, 404, 'TENANT_NOT_FOUND');
      expect(JSON.stringify(otherClient.body)).not.to.include(deviceB);
      expectProblem(nobody, 404, 'TENANT_NOT_FOUND');
      expectProblem(technician, 404, 'TENANT_NOT_FOUND');
    });
  }

  it('answers X-Consistency: stale after the bounded wait when the checkpoint is never reached', async () => {
    const future = `${'9'.repeat(20)}:${'0'.repeat(20)}`;
    const started = Date.now();

    const answer = await readAfter(world.managerA, '/devices', future);

    expect(answer.status).to.equal(200);
    expect(answer.headers.get('x-consistency')).to.equal('stale');
    expect(Date.now() - started).to.be.at.least(4500);
    expect(deviceIds(answer)).to.deep.equal([deviceA]);
  });

  it('answers without waiting and without an X-Consistency header when no checkpoint is asked for', async () => {
    const answer = await world.managerA.get('/devices');

    expect(answer.status).to.equal(200);
    expect(answer.headers.get('x-consistency')).to.equal(null);
  });
});
