import { assertMoney, assertNever, type Decider, notFound, ruleBroken } from '../shared/index.js';
import type { DeviceState } from './device.js';
import { evolveDevice, initialDeviceState } from './device.js';
import type { DeviceCommand } from './device-commands.js';
import type { DeviceEvent } from './device-events.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** People who may receive a device: not those who have left or are leaving for good. */
const canHold = (status: string) => status === 'planned' || status === 'active';

const registered = (state: DeviceState, deviceId: string) => {
  if (state.status === 'unregistered')
    throw notFound('DEVICE_NOT_FOUND', `Device ${deviceId} does not exist`);
  return state;
};

const notFinal = (state: DeviceState, deviceId: string) => {
  const device = registered(state, deviceId);
  if (device.status === 'retired' || device.status === 'lost') {
    throw ruleBroken('DEVICE_FINAL', `Device ${deviceId} is ${device.status}: nothing more can happen to it`);
  }
  return device;
};

/** The rules of a device's lifecycle (DESIGN.md, "The domain"). */
export const decideDevice = (command: DeviceCommand, state: DeviceState): DeviceEvent[] => {
  const { now } = command.meta;
  switch (command.type) {
    case 'RegisterDevice': {
      const d = command.data;
      if (state.status !== 'unregistered') {
        throw ruleBroken('DEVICE_ALREADY_REGISTERED', `Device ${d.deviceId} is already registered`);
      }
      if (!isoDate.test(d.purchaseDate) || !isoDate.test(d.warrantyEnd)) {
        throw ruleBroken('DEVICE_DATES_INVALID', 'Purchase date and warranty end must be dates (YYYY-MM-DD)');
      }
      if (d.warrantyEnd < d.purchaseDate) {
        throw ruleBroken(
          'DEVICE_WARRANTY_BEFORE_PURCHASE',
          'The warranty cannot end before the purchase date',
        );
      }
      assertMoney(d.purchaseCost, 'purchase cost');
      return [{ type: 'DeviceRegistered', data: { ...d, registeredAt: now } }];
    }
    case 'AssignDevice': {
      const { deviceId, personId, holderStatus } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'in_stock') {
        throw ruleBroken(
          'DEVICE_NOT_IN_STOCK',
          `Device ${deviceId} is ${device.status}; only a device in stock is handed out`,
          {
            status: device.status,
          },
        );
      }
      if (!canHold(holderStatus)) {
        throw ruleBroken(
          'PERSON_CANNOT_RECEIVE_DEVICE',
          `Person ${personId} is ${holderStatus} and cannot receive a device`,
        );
      }
      return [{ type: 'DeviceAssigned', data: { deviceId, personId, assignedAt: now } }];
    }
    case 'ReturnDevice': {
      const { deviceId, condition, note, personId } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'assigned') {
        throw ruleBroken(
          'DEVICE_NOT_ASSIGNED',
          `Device ${deviceId} is ${device.status}; only an assigned device is returned`,
        );
      }
      if (personId !== undefined && personId !== device.holderId) {
        throw ruleBroken(
          'DEVICE_HELD_BY_SOMEONE_ELSE',
          `Device ${deviceId} is not held by person ${personId}`,
        );
      }
      return [
        {
          type: 'DeviceReturned',
          data: { deviceId, personId: device.holderId, condition, note, returnedAt: now },
        },
      ];
    }
    case 'TransferDevice': {
      const { deviceId, toPersonId, holderStatus, fromPersonId } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'assigned') {
        throw ruleBroken(
          'DEVICE_NOT_ASSIGNED',
          `Device ${deviceId} is ${device.status}; only an assigned device is transferred`,
        );
      }
      if (fromPersonId !== undefined && fromPersonId !== device.holderId) {
        throw ruleBroken(
          'DEVICE_HELD_BY_SOMEONE_ELSE',
          `Device ${deviceId} is not held by person ${fromPersonId}`,
        );
      }
      if (toPersonId === device.holderId) {
        throw ruleBroken(
          'DEVICE_TRANSFER_TO_HOLDER',
          `Person ${toPersonId} already holds device ${deviceId}`,
        );
      }
      if (!canHold(holderStatus)) {
        throw ruleBroken(
          'PERSON_CANNOT_RECEIVE_DEVICE',
          `Person ${toPersonId} is ${holderStatus} and cannot receive a device`,
        );
      }
      return [
        {
          type: 'DeviceTransferred',
          data: { deviceId, fromPersonId: device.holderId, toPersonId, transferredAt: now },
        },
      ];
    }
    case 'SendDeviceToService': {
      const { deviceId, reason, serviceProvider } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'in_stock' && device.status !== 'assigned') {
        throw ruleBroken('DEVICE_ALREADY_IN_SERVICE', `Device ${deviceId} is already in service`);
      }
      const holderId = device.status === 'assigned' ? device.holderId : null;
      return [
        { type: 'DeviceSentToService', data: { deviceId, reason, serviceProvider, holderId, sentAt: now } },
      ];
    }
    case 'CompleteDeviceRepair': {
      const { deviceId, cost, note } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'in_service') {
        throw ruleBroken('DEVICE_NOT_IN_SERVICE', `Device ${deviceId} is ${device.status}, not in service`);
      }
      assertMoney(cost, 'repair cost');
      return [
        {
          type: 'DeviceRepaired',
          data: { deviceId, cost, note, holderId: device.holderId, repairedAt: now },
        },
      ];
    }
    case 'DeclareDeviceUnrepairable': {
      const { deviceId, cost, note } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'in_service') {
        throw ruleBroken('DEVICE_NOT_IN_SERVICE', `Device ${deviceId} is ${device.status}, not in service`);
      }
      assertMoney(cost, 'diagnosis cost');
      return [
        {
          type: 'DeviceDeclaredUnrepairable',
          data: { deviceId, cost, note, holderId: device.holderId, declaredAt: now },
        },
      ];
    }
    case 'RetireDevice': {
      const { deviceId, reason, residualValue, note } = command.data;
      const device = notFinal(state, deviceId);
      if (device.status !== 'in_stock') {
        throw ruleBroken(
          'DEVICE_NOT_IN_STOCK',
          `Device ${deviceId} is ${device.status}; it must be back in stock to be retired`,
          {
            status: device.status,
          },
        );
      }
      assertMoney(residualValue, 'residual value');
      return [{ type: 'DeviceRetired', data: { deviceId, reason, residualValue, note, retiredAt: now } }];
    }
    case 'ReportDeviceLost': {
      const { deviceId, loss, note } = command.data;
      const device = notFinal(state, deviceId);
      const holderId = device.status === 'assigned' ? device.holderId : null;
      return [{ type: 'DeviceReportedLost', data: { deviceId, loss, holderId, note, reportedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const deviceDecider: Decider<DeviceCommand, DeviceState, DeviceEvent> = {
  initialState: initialDeviceState,
  evolve: evolveDevice,
  decide: decideDevice,
};
