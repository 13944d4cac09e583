import {
  assertNever,
  type CommandContext,
  conflict,
  type Decider,
  type DomainEvent,
} from '../shared/index.js';

/**
 * Asset tags and serial numbers are unique within a tenant. Each value has a reservation stream of its
 * own, so the uniqueness holds across device streams and under concurrent registration on any event
 * store: two devices racing for one tag both append to the same stream, and only one append can win.
 */
export const deviceIdentifierKinds = ['asset_tag', 'serial_number'] as const;
export type DeviceIdentifierKind = (typeof deviceIdentifierKinds)[number];

export type DeviceIdentifierReserved = DomainEvent<
  'DeviceIdentifierReserved',
  { identifier: DeviceIdentifierKind; value: string; deviceId: string; reservedAt: string }
>;
export type DeviceIdentifierReleased = DomainEvent<
  'DeviceIdentifierReleased',
  { identifier: DeviceIdentifierKind; value: string; deviceId: string; releasedAt: string }
>;
export type DeviceIdentifierEvent = DeviceIdentifierReserved | DeviceIdentifierReleased;

export type DeviceIdentifierState = { status: 'free' } | { status: 'reserved'; deviceId: string };

interface IdentifierCommand<Type extends string> {
  type: Type;
  data: { identifier: DeviceIdentifierKind; value: string; deviceId: string };
  meta: CommandContext;
}
export type DeviceIdentifierCommand =
  | IdentifierCommand<'ReserveDeviceIdentifier'>
  | IdentifierCommand<'ReleaseDeviceIdentifier'>;

/** The value as it is compared: asset tags and serials are matched ignoring case and outer spaces. */
export const normalizeIdentifier = (value: string) => value.trim().toUpperCase();

const takenCode = (identifier: DeviceIdentifierKind) =>
  identifier === 'asset_tag' ? 'DEVICE_ASSET_TAG_TAKEN' : 'DEVICE_SERIAL_NUMBER_TAKEN';

export const deviceIdentifierDecider: Decider<
  DeviceIdentifierCommand,
  DeviceIdentifierState,
  DeviceIdentifierEvent
> = {
  initialState: { status: 'free' },
  evolve: (_state, event) => {
    switch (event.type) {
      case 'DeviceIdentifierReserved':
        return { status: 'reserved', deviceId: event.data.deviceId };
      case 'DeviceIdentifierReleased':
        return { status: 'free' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    const { identifier, value, deviceId } = command.data;
    switch (command.type) {
      case 'ReserveDeviceIdentifier':
        if (state.status === 'reserved') {
          if (state.deviceId === deviceId) return [];
          throw conflict(
            takenCode(identifier),
            `${identifier.replace('_', ' ')} ${value} belongs to another device`,
            {
              deviceId: state.deviceId,
            },
          );
        }
        return [
          {
            type: 'DeviceIdentifierReserved',
            data: { identifier, value, deviceId, reservedAt: command.meta.now },
          },
        ];
      case 'ReleaseDeviceIdentifier':
        if (state.status !== 'reserved' || state.deviceId !== deviceId) return [];
        return [
          {
            type: 'DeviceIdentifierReleased',
            data: { identifier, value, deviceId, releasedAt: command.meta.now },
          },
        ];
      default:
        return assertNever(command);
    }
  },
};
