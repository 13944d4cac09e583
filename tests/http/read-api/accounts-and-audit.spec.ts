import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectCaughtUp, readAfter, registerDevice, write } from './support/read-fixtures.js';

describe('read API: accounts and the audit log', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const createAccount = (displayName: string, personId?: string) =>
    write(world.mspAdmin, '/accounts', {
      email: `account-${randomUUID().slice(0, 8)}@alpha.example`,
      displayName,
      password: 'a long enough password',
      ...(personId ? { personId } : {}),
    }).then((written) => ({ ...written, accountId: written.ids.accountId as string }));

  it("lists an account the administrator just created among the tenant's accounts, and no other tenant's", async () => {
    const created = await createAccount('Dorota Dział', world.employeePersonId);

    const answer = await readAfter(world.mspAdmin, '/accounts', created.checkpoint);

    expectCaughtUp(answer);
    const listed = answer.body.items.find(
      (item: { account_id: string }) => item.account_id === created.accountId,
    );
    expect(listed).to.include({
      display_name: 'Dorota Dział',
      person_id: world.employeePersonId,
      disabled: false,
    });
    expect(listed).not.to.have.property('password_hash');
    const ids = answer.body.items.map((item: { account_id: string }) => item.account_id);
    expect(ids).to.include.members([
      world.managerA.accountId,
      world.employeeA.accountId,
      world.auditorA.accountId,
    ]);
    expect(ids).not.to.include(world.managerB.accountId);
  });

  it('shows the account card with the roles just granted and whether it is disabled', async () => {
    const created = await createAccount('Rafał Role');
    await write(world.mspAdmin, `/accounts/${created.accountId}/roles`, {
      role: 'client_manager',
      tenantId: world.tenantA,
    });
    const disabled = await write(world.mspAdmin, `/accounts/${created.accountId}/disable`, {
      reason: 'Left the company',
    });

    const answer = await readAfter(world.mspAdmin, `/accounts/${created.accountId}`, disabled.checkpoint);

    expectCaughtUp(answer);
    expect(answer.body).to.include({
      accountId: created.accountId,
      homeTenantId: world.tenantA,
      displayName: 'Rafał Role',
      disabled: true,
    });
    expect(answer.body.roles).to.deep.equal([{ role: 'client_manager', tenantId: world.tenantA }]);
    expect(answer.body.apiTokens).to.deep.equal([]);
    expect(answer.body).not.to.have.property('passwordHash');
  });

  it("records a write in the tenant's audit log with its actor, stream and data", async () => {
    const laptop = await registerDevice(world.technician, { model: 'EliteBook 840' });

    const answer = await readAfter(
      world.auditorA,
      `/audit-log?stream=device-${laptop.deviceId}`,
      laptop.checkpoint,
    );

    expectCaughtUp(answer);
    expect(answer.body.items).to.have.length(1);
    expect(answer.body.items[0]).to.include({
      tenant_id: world.tenantA,
      stream_name: `device-${laptop.deviceId}`,
      event_type: 'DeviceRegistered',
      actor_id: world.technician.accountId,
      actor_role: 'technician',
      checkpoint: laptop.checkpoint,
    });
    expect(answer.body.items[0].data).to.include({ deviceId: laptop.deviceId, model: 'EliteBook 840' });
  });

  it('filters the audit log by event type, actor and time, in log order', async () => {
    const started = new Date();
    const first = await registerDevice(world.technician);
    const second = await registerDevice(world.technician);
    const assigned = await write(world.technician, `/devices/${second.deviceId}/assign`, {
      personId: world.employeePersonId,
    });
    const since = `from=${encodeURIComponent(started.toISOString())}`;

    const registered = await readAfter(
      world.managerA,
      `/audit-log?type=DeviceRegistered&${since}`,
      assigned.checkpoint,
    );
    const byActor = await world.managerA.get(
      `/audit-log?actorId=${world.technician.accountId}&type=DeviceAssigned`,
    );
    const beforeStart = await world.managerA.get(
      `/audit-log?type=DeviceRegistered&to=${encodeURIComponent(started.toISOString())}`,
    );

    expectCaughtUp(registered);
    expect(registered.body.items.map((item: { stream_name: string }) => item.stream_name)).to.deep.equal([
      `device-${first.deviceId}`,
      `device-${second.deviceId}`,
    ]);
    const checkpoints = registered.body.items.map((item: { checkpoint: string }) => item.checkpoint);
    expect(checkpoints).to.deep.equal([...checkpoints].sort());
    expect(byActor.body.items.map((item: { stream_name: string }) => item.stream_name)).to.include(
      `device-${second.deviceId}`,
    );
    expect(beforeStart.body.items.map((item: { stream_name: string }) => item.stream_name)).not.to.include(
      `device-${first.deviceId}`,
    );
  });

  it("never shows another tenant's events in the audit log", async () => {
    const inB = await registerDevice(world.technician.in(world.tenantB));

    const own = await readAfter(world.managerB, '/audit-log?limit=500', inB.checkpoint);
    const other = await readAfter(world.managerA, '/audit-log?limit=500', inB.checkpoint);

    expect(own.body.items.map((item: { stream_name: string }) => item.stream_name)).to.include(
      `device-${inB.deviceId}`,
    );
    expect(
      other.body.items.every((item: { tenant_id: string }) => item.tenant_id === world.tenantA),
    ).to.equal(true);
    expect(JSON.stringify(other.body)).not.to.include(inB.deviceId);
  });
});
