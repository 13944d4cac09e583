import { assertNever } from '../shared/index.js';
import type { DeviceEvent, DeviceFacts, LossKind, RetirementReason } from './device-events.js';

/**
 * A device's lifecycle. Each status carries only what holds in it: only an assigned device has a holder,
 * and a device in service remembers whom it goes back to.
 */
export type DeviceState =
  | { status: 'unregistered' }
  | { status: 'in_stock'; device: DeviceFacts }
  | { status: 'assigned'; device: DeviceFacts; holderId: string }
  | { status: 'in_service'; device: DeviceFacts; holderId: string | null }
  | { status: 'retired'; device: DeviceFacts; reason: RetirementReason }
  | { status: 'lost'; device: DeviceFacts; loss: LossKind };

export const initialDeviceState: DeviceState = { status: 'unregistered' };

const factsOf = (state: DeviceState): DeviceFacts => {
  if (state.status === 'unregistered') throw new Error('Event applied to a device that was never registered');
  return state.device;
};

export const evolveDevice = (state: DeviceState, event: DeviceEvent): DeviceState => {
  switch (event.type) {
    case 'DeviceRegistered': {
      const { registeredAt: _, ...device } = event.data;
      return { status: 'in_stock', device };
    }
    case 'DeviceAssigned':
      return { status: 'assigned', device: factsOf(state), holderId: event.data.personId };
    case 'DeviceReturned':
      return { status: 'in_stock', device: factsOf(state) };
    case 'DeviceTransferred':
      return { status: 'assigned', device: factsOf(state), holderId: event.data.toPersonId };
    case 'DeviceSentToService':
      return { status: 'in_service', device: factsOf(state), holderId: event.data.holderId };
    case 'DeviceRepaired':
      return event.data.holderId === null
        ? { status: 'in_stock', device: factsOf(state) }
        : { status: 'assigned', device: factsOf(state), holderId: event.data.holderId };
    case 'DeviceDeclaredUnrepairable':
      return { status: 'retired', device: factsOf(state), reason: 'broken' };
    case 'DeviceRetired':
      return { status: 'retired', device: factsOf(state), reason: event.data.reason };
    case 'DeviceReportedLost':
      return { status: 'lost', device: factsOf(state), loss: event.data.loss };
    default:
      return assertNever(event);
  }
};
