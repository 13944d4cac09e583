import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type DeviceCommand,
  type DeviceIdentifierKind,
  deviceDecider,
  deviceIdentifierDecider,
  deviceKinds,
  lossKinds,
  normalizeIdentifier,
  retirementReasons,
  returnConditions,
} from '../../domain/device/index.js';
import { personDecider } from '../../domain/person/index.js';
import { notFound } from '../../domain/shared/index.js';
import { type CommandDefinition, type CommandDeps, defineCommand } from '../command-definition.js';
import { type CommandEnvelope, type CommandResult, contextOf } from '../command-envelope.js';
import { payload } from '../command-schemas.js';
import { keyIdFor } from '../event-id.js';
import { handleCommand, loadAggregate } from '../handle-command.js';
import { deviceStream, personStream } from '../streams.js';
import { syncCustody } from './custody.js';

const { money, text, name } = payload;

const identifierStream = (identifier: DeviceIdentifierKind, tenantId: string, value: string) =>
  `device_${identifier}-${keyIdFor(identifier, tenantId, normalizeIdentifier(value))}`;

const itTeam = ['technician', 'msp_admin'] as const;

/** Runs a device-stream command through the decider, then follows it in the holders' custody streams. */
const onDevice = async (
  deps: CommandDeps,
  envelope: CommandEnvelope,
  command: Omit<DeviceCommand, 'meta'>,
) => {
  const result = await handleCommand(
    deps.store,
    deviceDecider,
    deviceStream((command.data as { deviceId: string }).deviceId),
    { ...command, meta: contextOf(envelope) } as DeviceCommand,
    envelope,
  );
  return syncCustody(deps, envelope, result);
};

/** The status of the person a device goes to; a person of another tenant does not exist. */
const receiverStatus = async (deps: CommandDeps, envelope: CommandEnvelope, personId: string) => {
  const { state } = await loadAggregate(deps.store, personStream(personId), personDecider, envelope.tenantId);
  if (state.status === 'unregistered')
    throw notFound('PERSON_NOT_FOUND', `Person ${personId} does not exist`);
  return state.status;
};

const registerSchema = z.strictObject({
  deviceId: z.uuid(),
  assetTag: name,
  serialNumber: name,
  kind: z.enum(deviceKinds),
  model: name,
  vendor: name,
  purchaseDate: z.iso.date(),
  purchaseCost: money,
  warrantyEnd: z.iso.date(),
  supplier: name,
});

/**
 * Registers a device after reserving its asset tag and serial number within the tenant. A reservation
 * made for a registration that then fails is released; the same command sent again resumes where it
 * stopped, because every step is idempotent on the command id.
 */
export const registerDevice = defineCommand({
  type: 'RegisterDevice',
  schema: registerSchema,
  roles: itTeam,
  async run(deps, input, envelope): Promise<CommandResult> {
    const reserved: Array<{ identifier: DeviceIdentifierKind; value: string }> = [];
    const identifierCommand = (
      type: 'ReserveDeviceIdentifier' | 'ReleaseDeviceIdentifier',
      identifier: DeviceIdentifierKind,
      value: string,
    ) =>
      handleCommand(
        deps.store,
        deviceIdentifierDecider,
        identifierStream(identifier, envelope.tenantId, value),
        {
          type,
          data: { identifier, value: normalizeIdentifier(value), deviceId: input.deviceId },
          meta: contextOf(envelope),
        },
        // Reservations are idempotent by device id, not by command id: a retried registration whose earlier
        // reservation was released must be able to reserve again.
        { ...envelope, commandId: randomUUID(), causationId: envelope.commandId },
      );
    try {
      for (const [identifier, value] of [
        ['asset_tag', input.assetTag],
        ['serial_number', input.serialNumber],
      ] as const) {
        const reservation = await identifierCommand('ReserveDeviceIdentifier', identifier, value);
        // Only what this call reserved is released on failure: a value this device already held stays its own.
        if (reservation.eventTypes.length > 0) reserved.push({ identifier, value });
      }
      return await onDevice(deps, envelope, { type: 'RegisterDevice', data: input });
    } catch (error) {
      for (const { identifier, value } of reserved) {
        await identifierCommand('ReleaseDeviceIdentifier', identifier, value).catch(() => undefined);
      }
      throw error;
    }
  },
});

const deviceId = z.uuid();

export const assignDevice = defineCommand({
  type: 'AssignDevice',
  schema: z.strictObject({ deviceId, personId: z.uuid() }),
  roles: itTeam,
  run: async (deps, data, envelope) =>
    onDevice(deps, envelope, {
      type: 'AssignDevice',
      data: { ...data, holderStatus: await receiverStatus(deps, envelope, data.personId) },
    }),
});

export const transferDevice = defineCommand({
  type: 'TransferDevice',
  schema: z.strictObject({ deviceId, toPersonId: z.uuid(), fromPersonId: z.uuid().optional() }),
  roles: itTeam,
  run: async (deps, data, envelope) =>
    onDevice(deps, envelope, {
      type: 'TransferDevice',
      data: { ...data, holderStatus: await receiverStatus(deps, envelope, data.toPersonId) },
    }),
});

export const returnDevice = defineCommand({
  type: 'ReturnDevice',
  schema: z.strictObject({
    deviceId,
    condition: z.enum(returnConditions),
    note: text(),
    personId: z.uuid().optional(),
  }),
  roles: itTeam,
  run: (deps, data, envelope) => onDevice(deps, envelope, { type: 'ReturnDevice', data }),
});

export const sendDeviceToService = defineCommand({
  type: 'SendDeviceToService',
  schema: z.strictObject({ deviceId, reason: text().min(1), serviceProvider: name }),
  roles: itTeam,
  run: (deps, data, envelope) => onDevice(deps, envelope, { type: 'SendDeviceToService', data }),
});

export const completeDeviceRepair = defineCommand({
  type: 'CompleteDeviceRepair',
  schema: z.strictObject({ deviceId, cost: money, note: text() }),
  roles: itTeam,
  run: (deps, data, envelope) => onDevice(deps, envelope, { type: 'CompleteDeviceRepair', data }),
});

export const declareDeviceUnrepairable = defineCommand({
  type: 'DeclareDeviceUnrepairable',
  schema: z.strictObject({ deviceId, cost: money, note: text() }),
  roles: itTeam,
  run: (deps, data, envelope) => onDevice(deps, envelope, { type: 'DeclareDeviceUnrepairable', data }),
});

export const retireDevice = defineCommand({
  type: 'RetireDevice',
  schema: z.strictObject({ deviceId, reason: z.enum(retirementReasons), residualValue: money, note: text() }),
  roles: itTeam,
  run: (deps, data, envelope) => onDevice(deps, envelope, { type: 'RetireDevice', data }),
});

export const reportDeviceLost = defineCommand({
  type: 'ReportDeviceLost',
  schema: z.strictObject({ deviceId, loss: z.enum(lossKinds), note: text() }),
  roles: ['technician', 'msp_admin', 'client_manager'],
  run: (deps, data, envelope) => onDevice(deps, envelope, { type: 'ReportDeviceLost', data }),
});

/** Every device command, for the write API and the process manager. */
export const deviceCommands: CommandDefinition<unknown>[] = [
  registerDevice,
  assignDevice,
  transferDevice,
  returnDevice,
  sendDeviceToService,
  completeDeviceRepair,
  declareDeviceUnrepairable,
  retireDevice,
  reportDeviceLost,
] as CommandDefinition<unknown>[];
