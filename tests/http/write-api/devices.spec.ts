import { expect } from 'chai';
import type { Client } from '../support/test-app.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  assignedDevice,
  deviceBody,
  deviceInService,
  expectAccepted,
  expectProblem,
  newDevice,
  newPerson,
  readAfter,
  retiredDevice,
} from './write-fixtures.js';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * One device endpoint: how to bring a device to where the command applies, a valid body, what the device
 * card shows afterwards, a malformed body, a role that may not send it, and a refusal by the lifecycle.
 */
interface DeviceRow {
  operationId: string;
  path: string;
  prepare: (world: TestWorld) => Promise<string>;
  body: (world: TestWorld) => Record<string, unknown>;
  events: string[];
  shows: Record<string, unknown>;
  invalid: { body: Record<string, unknown>; path: string };
  wrongRole: (world: TestWorld) => Client;
  refused: { prepare: (world: TestWorld) => Promise<string>; code: string };
}

const stock = (world: TestWorld) => newDevice(world.technician);
const heldByEmployee = (world: TestWorld) => assignedDevice(world.technician, world.employeePersonId);
const inService = (world: TestWorld) => deviceInService(world.technician);
const retired = (world: TestWorld) => retiredDevice(world.technician);

const rows: DeviceRow[] = [
  {
    operationId: 'assignDevice',
    path: 'assign',
    prepare: stock,
    body: (world) => ({ personId: world.employeePersonId }),
    events: ['DeviceAssigned'],
    shows: { status: 'assigned' },
    invalid: { body: {}, path: 'personId' },
    wrongRole: (world) => world.managerA,
    refused: { prepare: retired, code: 'DEVICE_FINAL' },
  },
  {
    operationId: 'returnDevice',
    path: 'return',
    prepare: heldByEmployee,
    body: () => ({ condition: 'worn', note: 'Scratched lid' }),
    events: ['DeviceReturned'],
    shows: { status: 'in_stock', holder_id: null },
    invalid: { body: { condition: 'shiny', note: '' }, path: 'condition' },
    wrongRole: (world) => world.employeeA,
    refused: { prepare: stock, code: 'DEVICE_NOT_ASSIGNED' },
  },
  {
    operationId: 'sendDeviceToService',
    path: 'service',
    prepare: heldByEmployee,
    body: () => ({ reason: 'Keyboard fails', serviceProvider: 'Lenovo Serwis' }),
    events: ['DeviceSentToService'],
    shows: { status: 'in_service' },
    invalid: { body: { reason: '', serviceProvider: 'Lenovo Serwis' }, path: 'reason' },
    wrongRole: (world) => world.auditorA,
    refused: { prepare: inService, code: 'DEVICE_ALREADY_IN_SERVICE' },
  },
  {
    operationId: 'completeDeviceRepair',
    path: 'repair',
    prepare: inService,
    body: () => ({ cost: pln(35000), note: 'New hinge' }),
    events: ['DeviceRepaired'],
    shows: { status: 'in_stock', repair_cost: '35000' },
    invalid: { body: { cost: pln(-1), note: '' }, path: 'cost.amount' },
    wrongRole: (world) => world.managerA,
    refused: { prepare: stock, code: 'DEVICE_NOT_IN_SERVICE' },
  },
  {
    operationId: 'declareDeviceUnrepairable',
    path: 'unrepairable',
    prepare: inService,
    body: () => ({ cost: pln(5000), note: 'Mainboard dead' }),
    events: ['DeviceDeclaredUnrepairable'],
    shows: { status: 'retired' },
    invalid: { body: { cost: { amount: 5000 }, note: '' }, path: 'cost.currency' },
    wrongRole: (world) => world.employeeA,
    refused: { prepare: heldByEmployee, code: 'DEVICE_NOT_IN_SERVICE' },
  },
  {
    operationId: 'retireDevice',
    path: 'retire',
    prepare: stock,
    body: () => ({ reason: 'sold', residualValue: pln(80000), note: '' }),
    events: ['DeviceRetired'],
    shows: { status: 'retired' },
    invalid: { body: { reason: 'tired', residualValue: pln(0), note: '' }, path: 'reason' },
    wrongRole: (world) => world.managerA,
    refused: { prepare: heldByEmployee, code: 'DEVICE_NOT_IN_STOCK' },
  },
  {
    operationId: 'reportDeviceLost (by a client manager)',
    path: 'lost',
    prepare: heldByEmployee,
    body: () => ({ loss: 'stolen', note: 'Taken from a car' }),
    events: ['DeviceReportedLost'],
    shows: { status: 'lost' },
    invalid: { body: { loss: 'misplaced', note: '' }, path: 'loss' },
    wrongRole: (world) => world.employeeA,
    refused: { prepare: retired, code: 'DEVICE_FINAL' },
  },
];

describe('Write API: devices', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const card = (deviceId: string, checkpoint: string) =>
    readAfter(world.managerA, `/devices/${deviceId}`, checkpoint);

  describe('registerDevice', () => {
    it('registers a device into stock under a server-made UUID and the device card shows it', async () => {
      const body = deviceBody({ model: 'Latitude 7440', vendor: 'Dell' });
      const { ids, checkpoint } = expectAccepted(await world.technician.post('/devices', body), {
        events: ['DeviceRegistered'],
        created: 'deviceId',
      });
      const device = await card(ids.deviceId as string, checkpoint);
      expect(device).to.include({
        asset_tag: body.assetTag,
        model: 'Latitude 7440',
        status: 'in_stock',
        holder_id: null,
      });
    });

    it('answers 400 naming purchaseDate and purchaseCost.currency for malformed values', async () => {
      const answer = await world.technician.post(
        '/devices',
        deviceBody({ purchaseDate: '15.01.2025', purchaseCost: { amount: 100, currency: 'zloty' } }),
      );
      expectProblem(answer, 400, 'COMMAND_INVALID', 'purchaseDate');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).to.include(
        'purchaseCost.currency',
      );
    });

    it('refuses an employee and an auditor with 403', async () => {
      expectProblem(await world.employeeA.post('/devices', deviceBody()), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await world.auditorA.post('/devices', deviceBody()), 403, 'ROLE_NOT_ALLOWED');
    });

    it('answers 409 for an asset tag or a serial number already used in the tenant, in any letter case', async () => {
      const first = deviceBody();
      await accepted(world.technician.post('/devices', first));
      const sameTag = await world.technician.post(
        '/devices',
        deviceBody({ assetTag: first.assetTag.toLowerCase() }),
      );
      expectProblem(sameTag, 409, 'DEVICE_ASSET_TAG_TAKEN');
      const sameSerial = await world.technician.post(
        '/devices',
        deviceBody({ serialNumber: first.serialNumber }),
      );
      expectProblem(sameSerial, 409, 'DEVICE_SERIAL_NUMBER_TAKEN');
    });

    it('accepts in tenant B an asset tag that tenant A already uses', async () => {
      const body = deviceBody();
      await accepted(world.technician.post('/devices', body));
      expectAccepted(
        await world.technician.in(world.tenantB).post('/devices', deviceBody({ assetTag: body.assetTag })),
        {
          events: ['DeviceRegistered'],
          created: 'deviceId',
        },
      );
    });

    it("answers 404 when tenant B reuses the id of tenant A's device", async () => {
      const deviceId = await newDevice(world.technician);
      const answer = await world.technician.in(world.tenantB).post('/devices', { ...deviceBody(), deviceId });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 a warranty that ends before the purchase', async () => {
      const answer = await world.technician.post('/devices', deviceBody({ warrantyEnd: '2024-01-01' }));
      expectProblem(answer, 422, 'DEVICE_WARRANTY_BEFORE_PURCHASE');
    });
  });

  for (const row of rows) {
    describe(row.operationId, () => {
      it(`succeeds with ${row.events.join(', ')} and the device card shows the new state`, async () => {
        const deviceId = await row.prepare(world);
        const client = row.path === 'lost' ? world.managerA : world.technician;
        const answer = await client.post(`/devices/${deviceId}/${row.path}`, row.body(world));
        const { checkpoint } = expectAccepted(answer, { events: row.events, ids: { deviceId } });
        expect(await card(deviceId, checkpoint)).to.include(row.shows);
      });

      it(`answers 400 naming ${row.invalid.path} for a malformed body`, async () => {
        const deviceId = await row.prepare(world);
        const answer = await world.technician.post(`/devices/${deviceId}/${row.path}`, row.invalid.body);
        expectProblem(answer, 400, 'COMMAND_INVALID', row.invalid.path);
      });

      it('refuses a role that may not send it with 403', async () => {
        const deviceId = await row.prepare(world);
        const answer = await row.wrongRole(world).post(`/devices/${deviceId}/${row.path}`, row.body(world));
        expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
      });

      it("answers 404 to a caller acting in tenant B naming tenant A's device", async () => {
        const deviceId = await row.prepare(world);
        const client = row.path === 'lost' ? world.managerB : world.technician.in(world.tenantB);
        const body = row.path === 'assign' ? { personId: world.personB } : row.body(world);
        expectProblem(await client.post(`/devices/${deviceId}/${row.path}`, body), 404, 'NOT_FOUND');
      });

      it(`refuses with 422 ${row.refused.code} where the lifecycle does not allow it`, async () => {
        const deviceId = await row.refused.prepare(world);
        const answer = await world.technician.post(`/devices/${deviceId}/${row.path}`, row.body(world));
        expectProblem(answer, 422, row.refused.code);
      });
    });
  }

  describe('assignDevice to a person of another tenant', () => {
    it("answers 404 PERSON_NOT_FOUND when tenant A's device is handed to tenant B's person", async () => {
      const deviceId = await newDevice(world.technician);
      const answer = await world.technician.post(`/devices/${deviceId}/assign`, { personId: world.personB });
      expectProblem(answer, 404, 'PERSON_NOT_FOUND');
    });
  });

  describe('transferDevice', () => {
    it('moves a device from its holder to another person and the card shows the new holder', async () => {
      const deviceId = await assignedDevice(world.technician, world.employeePersonId);
      const toPersonId = await newPerson(world.technician);
      const answer = await world.technician.post(`/devices/${deviceId}/transfer`, {
        toPersonId,
        fromPersonId: world.employeePersonId,
      });
      const { checkpoint } = expectAccepted(answer, { events: ['DeviceTransferred'], ids: { deviceId } });
      expect(await card(deviceId, checkpoint)).to.include({ status: 'assigned', holder_id: toPersonId });
    });

    it('answers 400 naming toPersonId when it is missing', async () => {
      const deviceId = await heldByEmployee(world);
      expectProblem(
        await world.technician.post(`/devices/${deviceId}/transfer`, {}),
        400,
        'COMMAND_INVALID',
        'toPersonId',
      );
    });

    it('refuses a client manager with 403', async () => {
      const deviceId = await heldByEmployee(world);
      const toPersonId = await newPerson(world.technician);
      expectProblem(
        await world.managerA.post(`/devices/${deviceId}/transfer`, { toPersonId }),
        403,
        'ROLE_NOT_ALLOWED',
      );
    });

    it("answers 404 when acting in tenant B on tenant A's device, or naming tenant B's person from tenant A", async () => {
      const deviceId = await heldByEmployee(world);
      const fromB = await world.technician
        .in(world.tenantB)
        .post(`/devices/${deviceId}/transfer`, { toPersonId: world.personB });
      expectProblem(fromB, 404, 'NOT_FOUND');
      const toB = await world.technician.post(`/devices/${deviceId}/transfer`, { toPersonId: world.personB });
      expectProblem(toB, 404, 'PERSON_NOT_FOUND');
    });

    it('refuses with 422 a device in stock and a transfer to its own holder', async () => {
      const toPersonId = await newPerson(world.technician);
      const inStock = await newDevice(world.technician);
      expectProblem(
        await world.technician.post(`/devices/${inStock}/transfer`, { toPersonId }),
        422,
        'DEVICE_NOT_ASSIGNED',
      );
      const held = await heldByEmployee(world);
      const toHolder = await world.technician.post(`/devices/${held}/transfer`, {
        toPersonId: world.employeePersonId,
      });
      expectProblem(toHolder, 422, 'DEVICE_TRANSFER_TO_HOLDER');
    });
  });
});
