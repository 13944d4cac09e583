import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/index.js';

/**
 * Which devices a person holds, kept in a stream per person (`custody-<personId>`) beside the device
 * streams, so that a person's departure can be refused while they hold anything without scanning every
 * device. It follows the device events: a device handed over, moved or taken back changes it.
 */
export type DeviceCustodyTaken = DomainEvent<
  'DeviceCustodyTaken',
  { personId: string; deviceId: string; takenAt: string }
>;
export type DeviceCustodyReleased = DomainEvent<
  'DeviceCustodyReleased',
  { personId: string; deviceId: string; releasedAt: string }
>;
export type DeviceCustodyEvent = DeviceCustodyTaken | DeviceCustodyReleased;

export interface DeviceCustodyState {
  deviceIds: readonly string[];
}

export type DeviceCustodyCommand = {
  type: 'TakeDeviceCustody' | 'ReleaseDeviceCustody';
  data: { personId: string; deviceId: string };
  meta: CommandContext;
};

/** Idempotent both ways: taking what is held, or releasing what is not, records nothing. */
export const deviceCustodyDecider: Decider<DeviceCustodyCommand, DeviceCustodyState, DeviceCustodyEvent> = {
  initialState: { deviceIds: [] },
  evolve: (state, event) => {
    switch (event.type) {
      case 'DeviceCustodyTaken':
        return {
          deviceIds: [...state.deviceIds.filter((id) => id !== event.data.deviceId), event.data.deviceId],
        };
      case 'DeviceCustodyReleased':
        return { deviceIds: state.deviceIds.filter((id) => id !== event.data.deviceId) };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    const { personId, deviceId } = command.data;
    const held = state.deviceIds.includes(deviceId);
    switch (command.type) {
      case 'TakeDeviceCustody':
        return held
          ? []
          : [{ type: 'DeviceCustodyTaken', data: { personId, deviceId, takenAt: command.meta.now } }];
      case 'ReleaseDeviceCustody':
        return held
          ? [{ type: 'DeviceCustodyReleased', data: { personId, deviceId, releasedAt: command.meta.now } }]
          : [];
      default:
        return assertNever(command.type);
    }
  },
};
