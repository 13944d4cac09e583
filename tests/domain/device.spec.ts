import { expect } from 'chai';
import { type DeviceCommand, type DeviceEvent, deviceDecider } from '../../domain/device/index.js';
import type { CommandContext } from '../../domain/shared/index.js';
import { deciderSpec, stateAfter } from '../support/decider-spec.js';

const now = '2026-03-02T10:00:00.000Z';
const meta: CommandContext = { tenantId: 'tenant-a', actor: { id: 'tech-1', role: 'technician' }, now };
const deviceId = 'device-1';
const cost = (amount: number) => ({ amount, currency: 'PLN' });

const facts = {
  deviceId,
  assetTag: 'LAP-0001',
  serialNumber: 'SN-ABC-1',
  kind: 'laptop' as const,
  model: 'ThinkPad T14',
  vendor: 'Lenovo',
  purchaseDate: '2025-01-15',
  purchaseCost: cost(549900),
  warrantyEnd: '2028-01-15',
  supplier: 'Komputronik',
};
const registered: DeviceEvent = { type: 'DeviceRegistered', data: { ...facts, registeredAt: now } };
const assignedTo = (personId: string): DeviceEvent => ({
  type: 'DeviceAssigned',
  data: { deviceId, personId, assignedAt: now },
});
const sentToService = (holderId: string | null): DeviceEvent => ({
  type: 'DeviceSentToService',
  data: { deviceId, reason: 'Keyboard fails', serviceProvider: 'Lenovo Service', holderId, sentAt: now },
});
const retired: DeviceEvent = {
  type: 'DeviceRetired',
  data: { deviceId, reason: 'end_of_life', residualValue: cost(0), note: '', retiredAt: now },
};
const lost: DeviceEvent = {
  type: 'DeviceReportedLost',
  data: { deviceId, loss: 'stolen', holderId: null, note: 'Car break-in', reportedAt: now },
};

const spec = deciderSpec(deviceDecider);
const command = <C extends DeviceCommand>(type: C['type'], data: C['data']) => ({ type, data, meta }) as C;

describe('Device lifecycle', () => {
  describe('registering', () => {
    it('registers a new device into stock', () => {
      spec([]).when(command('RegisterDevice', facts)).then([registered]);
      expect(stateAfter(deviceDecider, [registered]).status).to.equal('in_stock');
    });
    it('refuses to register the same device twice', () => {
      spec([registered]).when(command('RegisterDevice', facts)).thenThrows('DEVICE_ALREADY_REGISTERED');
    });
    it('refuses a warranty that ends before the purchase', () => {
      spec([])
        .when(command('RegisterDevice', { ...facts, warrantyEnd: '2024-12-31' }))
        .thenThrows('DEVICE_WARRANTY_BEFORE_PURCHASE');
    });
    it('refuses a cost that is not whole minor units of an ISO currency', () => {
      spec([])
        .when(command('RegisterDevice', { ...facts, purchaseCost: { amount: 12.5, currency: 'PLN' } }))
        .thenThrows('MONEY_INVALID');
      spec([])
        .when(command('RegisterDevice', { ...facts, purchaseCost: { amount: 100, currency: 'zl' } }))
        .thenThrows('MONEY_INVALID');
    });
  });

  describe('handing out', () => {
    it('hands a device in stock to an active person', () => {
      spec([registered])
        .when(command('AssignDevice', { deviceId, personId: 'anna', holderStatus: 'active' }))
        .then([assignedTo('anna')]);
    });
    it('hands a device in stock to a person who starts soon', () => {
      spec([registered])
        .when(command('AssignDevice', { deviceId, personId: 'anna', holderStatus: 'planned' }))
        .then([assignedTo('anna')]);
    });
    it('refuses a device someone already holds', () => {
      spec([registered, assignedTo('anna')])
        .when(command('AssignDevice', { deviceId, personId: 'bartek', holderStatus: 'active' }))
        .thenThrows('DEVICE_NOT_IN_STOCK', 'rule');
    });
    it('refuses a person who has departed', () => {
      spec([registered])
        .when(command('AssignDevice', { deviceId, personId: 'anna', holderStatus: 'departed' }))
        .thenThrows('PERSON_CANNOT_RECEIVE_DEVICE');
    });
    it('refuses a retired device', () => {
      spec([registered, retired])
        .when(command('AssignDevice', { deviceId, personId: 'anna', holderStatus: 'active' }))
        .thenThrows('DEVICE_FINAL');
    });
    it('refuses a device that was never registered', () => {
      spec([])
        .when(command('AssignDevice', { deviceId, personId: 'anna', holderStatus: 'active' }))
        .thenThrows('DEVICE_NOT_FOUND', 'not_found');
    });
  });

  describe('returning', () => {
    it('takes a device back into stock with its condition', () => {
      spec([registered, assignedTo('anna')])
        .when(command('ReturnDevice', { deviceId, condition: 'worn', note: 'Scratched lid' }))
        .then([
          {
            type: 'DeviceReturned',
            data: { deviceId, personId: 'anna', condition: 'worn', note: 'Scratched lid', returnedAt: now },
          },
        ]);
    });
    it('refuses to return a device in stock', () => {
      spec([registered])
        .when(command('ReturnDevice', { deviceId, condition: 'good', note: '' }))
        .thenThrows('DEVICE_NOT_ASSIGNED');
    });
    it('refuses a return from someone who does not hold the device', () => {
      spec([registered, assignedTo('anna')])
        .when(command('ReturnDevice', { deviceId, condition: 'good', note: '', personId: 'bartek' }))
        .thenThrows('DEVICE_HELD_BY_SOMEONE_ELSE');
    });
  });

  describe('transferring', () => {
    it('moves a device from one person to another, recording both', () => {
      spec([registered, assignedTo('anna')])
        .when(command('TransferDevice', { deviceId, toPersonId: 'bartek', holderStatus: 'active' }))
        .then([
          {
            type: 'DeviceTransferred',
            data: { deviceId, fromPersonId: 'anna', toPersonId: 'bartek', transferredAt: now },
          },
        ]);
    });
    it('refuses to transfer a device in stock', () => {
      spec([registered])
        .when(command('TransferDevice', { deviceId, toPersonId: 'bartek', holderStatus: 'active' }))
        .thenThrows('DEVICE_NOT_ASSIGNED');
    });
    it('refuses to transfer to the person who holds it', () => {
      spec([registered, assignedTo('anna')])
        .when(command('TransferDevice', { deviceId, toPersonId: 'anna', holderStatus: 'active' }))
        .thenThrows('DEVICE_TRANSFER_TO_HOLDER');
    });
    it('refuses to transfer to a departed person', () => {
      spec([registered, assignedTo('anna')])
        .when(command('TransferDevice', { deviceId, toPersonId: 'bartek', holderStatus: 'departed' }))
        .thenThrows('PERSON_CANNOT_RECEIVE_DEVICE');
    });
  });

  describe('service', () => {
    it('sends an assigned device to service, remembering its holder', () => {
      spec([registered, assignedTo('anna')])
        .when(
          command('SendDeviceToService', {
            deviceId,
            reason: 'Keyboard fails',
            serviceProvider: 'Lenovo Service',
          }),
        )
        .then([sentToService('anna')]);
    });
    it('sends a device in stock to service', () => {
      spec([registered])
        .when(
          command('SendDeviceToService', {
            deviceId,
            reason: 'Keyboard fails',
            serviceProvider: 'Lenovo Service',
          }),
        )
        .then([sentToService(null)]);
    });
    it('refuses to send a device that is already in service', () => {
      spec([registered, sentToService(null)])
        .when(command('SendDeviceToService', { deviceId, reason: 'Again', serviceProvider: 'X' }))
        .thenThrows('DEVICE_ALREADY_IN_SERVICE');
    });
    it('gives a repaired device back to its holder, with the repair cost', () => {
      const repaired: DeviceEvent = {
        type: 'DeviceRepaired',
        data: { deviceId, cost: cost(35000), note: 'Keyboard replaced', holderId: 'anna', repairedAt: now },
      };
      spec([registered, assignedTo('anna'), sentToService('anna')])
        .when(command('CompleteDeviceRepair', { deviceId, cost: cost(35000), note: 'Keyboard replaced' }))
        .then([repaired]);
      expect(
        stateAfter(deviceDecider, [registered, assignedTo('anna'), sentToService('anna'), repaired]),
      ).to.include({
        status: 'assigned',
        holderId: 'anna',
      });
    });
    it('refuses to complete a repair of a device not in service', () => {
      spec([registered])
        .when(command('CompleteDeviceRepair', { deviceId, cost: cost(100), note: '' }))
        .thenThrows('DEVICE_NOT_IN_SERVICE');
    });
    it('retires a device declared unrepairable', () => {
      const unrepairable: DeviceEvent = {
        type: 'DeviceDeclaredUnrepairable',
        data: { deviceId, cost: cost(9900), note: 'Mainboard dead', holderId: null, declaredAt: now },
      };
      spec([registered, sentToService(null)])
        .when(command('DeclareDeviceUnrepairable', { deviceId, cost: cost(9900), note: 'Mainboard dead' }))
        .then([unrepairable]);
      expect(stateAfter(deviceDecider, [registered, sentToService(null), unrepairable])).to.include({
        status: 'retired',
        reason: 'broken',
      });
    });
    it('refuses to declare unrepairable a device not in service', () => {
      spec([registered])
        .when(command('DeclareDeviceUnrepairable', { deviceId, cost: cost(0), note: '' }))
        .thenThrows('DEVICE_NOT_IN_SERVICE');
    });
  });

  describe('end of life', () => {
    it('retires a device in stock with its residual value', () => {
      spec([registered])
        .when(command('RetireDevice', { deviceId, reason: 'end_of_life', residualValue: cost(0), note: '' }))
        .then([retired]);
    });
    it('refuses to retire a device someone holds', () => {
      spec([registered, assignedTo('anna')])
        .when(command('RetireDevice', { deviceId, reason: 'sold', residualValue: cost(50000), note: '' }))
        .thenThrows('DEVICE_NOT_IN_STOCK');
    });
    it('records a device as lost or stolen, with who held it', () => {
      spec([registered, assignedTo('anna')])
        .when(command('ReportDeviceLost', { deviceId, loss: 'lost', note: 'Left on a train' }))
        .then([
          {
            type: 'DeviceReportedLost',
            data: { deviceId, loss: 'lost', holderId: 'anna', note: 'Left on a train', reportedAt: now },
          },
        ]);
    });
    it('treats retired and lost as final', () => {
      spec([registered, lost])
        .when(command('SendDeviceToService', { deviceId, reason: 'Found?', serviceProvider: 'X' }))
        .thenThrows('DEVICE_FINAL');
      spec([registered, retired])
        .when(command('ReportDeviceLost', { deviceId, loss: 'lost', note: '' }))
        .thenThrows('DEVICE_FINAL');
    });
  });
});
