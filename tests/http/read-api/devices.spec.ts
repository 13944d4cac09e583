import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectCaughtUp, readAfter, registerDevice, registerPerson, write } from './support/read-fixtures.js';

describe('read API: devices', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('lists a device the technician just registered to a client manager who reads after its checkpoint', async () => {
    const laptop = await registerDevice(world.technician, { model: 'Latitude 7450', vendor: 'Dell' });

    const answer = await readAfter(world.managerA, '/devices', laptop.checkpoint);

    expectCaughtUp(answer);
    const listed = answer.body.items.find(
      (item: { device_id: string }) => item.device_id === laptop.deviceId,
    );
    expect(listed).to.include({
      asset_tag: laptop.assetTag,
      model: 'Latitude 7450',
      vendor: 'Dell',
      kind: 'laptop',
      status: 'in_stock',
      holder_id: null,
      tenant_id: world.tenantA,
    });
  });

  it('filters devices by status, holder, kind and the start of the asset tag', async () => {
    const holder = await registerPerson(world.managerA);
    const held = await registerDevice(world.technician, { assetTag: 'FLT-HELD-1' });
    const assigned = await write(world.technician, `/devices/${held.deviceId}/assign`, {
      personId: holder.personId,
    });
    const phone = await registerDevice(world.technician, { assetTag: 'FLT-PHONE-1', kind: 'phone' });
    const ids = (answer: { body: { items: Array<{ device_id: string }> } }) =>
      answer.body.items.map((item) => item.device_id);

    const byHolder = await readAfter(
      world.managerA,
      `/devices?holderId=${holder.personId}`,
      assigned.checkpoint,
    );
    const assignedOnly = await world.managerA.get('/devices?status=assigned');
    const phones = await readAfter(world.managerA, '/devices?kind=phone', phone.checkpoint);
    const byTag = await world.managerA.get('/devices?search=flt-');

    expectCaughtUp(byHolder);
    expect(ids(byHolder)).to.deep.equal([held.deviceId]);
    expect(ids(assignedOnly)).to.include(held.deviceId).and.not.include(phone.deviceId);
    expect(ids(phones)).to.deep.equal([phone.deviceId]);
    expect(ids(byTag)).to.have.members([held.deviceId, phone.deviceId]);
  });

  it('shows the device card with its holder and a total cost that counts purchase and repair', async () => {
    const holder = await registerPerson(world.managerA);
    const laptop = await registerDevice(world.technician, {
      purchaseCost: { amount: 400000, currency: 'PLN' },
    });
    await write(world.technician, `/devices/${laptop.deviceId}/assign`, { personId: holder.personId });
    await write(world.technician, `/devices/${laptop.deviceId}/service`, {
      reason: 'Broken hinge',
      serviceProvider: 'Serwis Sp. z o.o.',
    });
    const repaired = await write(world.technician, `/devices/${laptop.deviceId}/repair`, {
      cost: { amount: 25000, currency: 'PLN' },
      note: 'Hinge replaced',
    });

    const answer = await readAfter(world.managerA, `/devices/${laptop.deviceId}`, repaired.checkpoint);

    expectCaughtUp(answer);
    expect(answer.body).to.include({
      device_id: laptop.deviceId,
      asset_tag: laptop.assetTag,
      status: 'assigned',
      holder_id: holder.personId,
    });
    expect(answer.body.totalCost).to.deep.equal([{ currency: 'PLN', amount: 425000 }]);
  });

  it("shows a device's timeline oldest first, with who held it from and to", async () => {
    const first = await registerPerson(world.managerA);
    const second = await registerPerson(world.managerA);
    const laptop = await registerDevice(world.technician);
    await write(world.technician, `/devices/${laptop.deviceId}/assign`, { personId: first.personId });
    const transferred = await write(world.technician, `/devices/${laptop.deviceId}/transfer`, {
      toPersonId: second.personId,
    });

    const answer = await readAfter(
      world.auditorA,
      `/devices/${laptop.deviceId}/timeline`,
      transferred.checkpoint,
    );

    expectCaughtUp(answer);
    const steps = answer.body.items.map(
      (item: { event_type: string; from_person_id: string | null; to_person_id: string | null }) => [
        item.event_type,
        item.from_person_id,
        item.to_person_id,
      ],
    );
    expect(steps).to.deep.equal([
      ['DeviceRegistered', null, null],
      ['DeviceAssigned', null, first.personId],
      ['DeviceTransferred', first.personId, second.personId],
    ]);
    expect(answer.body.items[0].actor_role).to.equal('technician');
    expect(answer.body.items[0].actor_id).to.equal(world.technician.accountId);
  });

  it('answers 404 for a device id that was never registered', async () => {
    const answer = await world.managerA.get('/devices/01900000-0000-7000-8000-000000000000');

    expect(answer.status).to.equal(404);
    expect(answer.body.code).to.equal('NOT_FOUND');
  });
});
