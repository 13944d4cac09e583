import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { problemSummary } from './platform-support.js';

const problem = (status: number, code: string) => ({ status, contentType: 'application/problem+json', code });

describe('HTTP /me and the tenant a request acts in', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it("answers a client manager's account, home tenant, acting tenant, roles there and every grant", async () => {
    const me = await world.managerA.get('/me');
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.equal({
      accountId: world.managerA.accountId,
      email: world.managerA.email,
      displayName: 'manager-a',
      homeTenantId: world.tenantA,
      personId: null,
      tenantId: world.tenantA,
      roles: ['client_manager'],
      grants: [{ role: 'client_manager', tenantId: world.tenantA }],
      tenants: [{ tenantId: world.tenantA, name: 'Alpha sp. z o.o.', roles: ['client_manager'] }],
    });
  });

  it('answers /me to a technician of two companies naming no tenant, listing both to choose from', async () => {
    const me = await world.technician.get('/me', { tenant: null });
    expect(me.status, me.text).to.equal(200);
    expect(me.body).to.include({ tenantId: null, homeTenantId: 'msp' });
    expect(me.body.roles).to.deep.equal([]);
    expect(me.body.tenants).to.have.deep.members([
      { tenantId: world.tenantA, name: 'Alpha sp. z o.o.', roles: ['technician'] },
      { tenantId: world.tenantB, name: 'Beta GmbH', roles: ['technician'] },
    ]);
  });

  it('names the person an employee account stands for', async () => {
    const me = await world.employeeA.get('/me');
    expect(me.body).to.include({ personId: world.employeePersonId, tenantId: world.tenantA });
    expect(me.body.roles).to.deep.equal(['employee']);
  });

  it('lets a technician of two companies act in the one named by X-Tenant-Id, listing both grants', async () => {
    const me = await world.technician.get('/me', { tenant: world.tenantB });
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ tenantId: world.tenantB, homeTenantId: 'msp' });
    expect(me.body.roles).to.deep.equal(['technician']);
    expect(me.body.grants).to.have.deep.members([
      { role: 'technician', tenantId: world.tenantA },
      { role: 'technician', tenantId: world.tenantB },
    ]);
  });

  it('also takes the tenant from ?tenant=', async () => {
    const me = await world.technician.get(`/me?tenant=${world.tenantB}`, { tenant: null });
    expect(me.status).to.equal(200);
    expect(me.body.tenantId).to.equal(world.tenantB);
    const devices = await world.technician.get(`/devices?tenant=${world.tenantB}`, { tenant: null });
    expect(devices.status, devices.text).to.equal(200);
  });

  it('answers 400 TENANT_REQUIRED to a technician of two companies, with no role at home, naming no tenant', async () => {
    const answer = await world.technician.get('/devices', { tenant: null });
    expect(problemSummary(answer)).to.deep.equal(problem(400, 'TENANT_REQUIRED'));
    expect(answer.body.detail).to.include('X-Tenant-Id');
  });

  it("acts in an msp_admin's home tenant by default, and in any tenant it names, with its every-tenant role", async () => {
    const home = await world.mspAdmin.get('/me', { tenant: null });
    expect(home.body).to.include({ tenantId: 'msp', homeTenantId: 'msp' });
    expect(home.body.roles).to.deep.equal(['msp_admin']);
    expect(home.body.grants).to.deep.equal([{ role: 'msp_admin', tenantId: null }]);
    const inB = await world.mspAdmin.get('/me', { tenant: world.tenantB });
    expect(inB.body).to.include({ tenantId: world.tenantB });
    expect(inB.body.roles).to.deep.equal(['msp_admin']);
  });

  it('answers 404 TENANT_NOT_FOUND alike for another client and for a tenant that does not exist', async () => {
    const other = await world.managerA.get('/me', { tenant: world.tenantB });
    const missing = await world.managerA.get('/me', { tenant: randomUUID() });
    expect(problemSummary(other)).to.deep.equal(problem(404, 'TENANT_NOT_FOUND'));
    expect(problemSummary(missing)).to.deep.equal(problem(404, 'TENANT_NOT_FOUND'));
    expect(other.body.title).to.equal(missing.body.title);
  });

  it("keeps a client's data out of reach through ?tenant= as well", async () => {
    const answer = await world.managerA.get(`/devices?tenant=${world.tenantB}`, { tenant: null });
    expect(problemSummary(answer)).to.deep.equal(problem(404, 'TENANT_NOT_FOUND'));
  });
});
