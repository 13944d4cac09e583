import { deviceCustodyDecider } from '../../domain/device/index.js';
import type { EventStore } from '../../event-store/index.js';
import type { CommandDeps } from '../command-definition.js';
import type { CommandEnvelope, CommandResult } from '../command-envelope.js';
import { eventIdFor } from '../event-id.js';
import { handleCommand, loadAggregate } from '../handle-command.js';
import { custodyStream } from '../streams.js';

/** The devices a person holds now (in service on their behalf included). */
export const heldDevices = async (
  store: EventStore,
  tenantId: string,
  personId: string,
): Promise<string[]> => {
  const { state } = await loadAggregate(store, custodyStream(personId), deviceCustodyDecider, tenantId);
  return [...state.deviceIds];
};

type Change = { type: 'TakeDeviceCustody' | 'ReleaseDeviceCustody'; personId: string; deviceId: string };

/** What a device event means for the people holding it. */
const changesFor = (event: { type: string; data: Record<string, unknown> }): Change[] => {
  const data = event.data as Record<string, string | null>;
  const deviceId = data.deviceId as string;
  const take = (personId: string | null | undefined): Change[] =>
    personId ? [{ type: 'TakeDeviceCustody', personId, deviceId }] : [];
  const release = (personId: string | null | undefined): Change[] =>
    personId ? [{ type: 'ReleaseDeviceCustody', personId, deviceId }] : [];
  switch (event.type) {
    case 'DeviceAssigned':
      return take(data.personId);
    case 'DeviceReturned':
      return release(data.personId);
    case 'DeviceTransferred':
      return [...release(data.fromPersonId), ...take(data.toPersonId)];
    case 'DeviceDeclaredUnrepairable':
    case 'DeviceReportedLost':
      return release(data.holderId);
    default:
      return [];
  }
};

/**
 * Brings the holders' custody streams in line with what a device command recorded. Each change is a
 * command of its own, with an id derived from the device command's, and custody changes are idempotent,
 * so running this again after a crash (the device command retried) repairs what was left undone.
 */
export const syncCustody = async (deps: CommandDeps, envelope: CommandEnvelope, result: CommandResult) => {
  const changes = result.events.flatMap(changesFor);
  for (const [index, change] of changes.entries()) {
    await handleCommand(
      deps.store,
      deviceCustodyDecider,
      custodyStream(change.personId),
      {
        type: change.type,
        data: { personId: change.personId, deviceId: change.deviceId },
        meta: { tenantId: envelope.tenantId, actor: envelope.actor, now: envelope.now },
      },
      {
        ...envelope,
        commandId: eventIdFor(`${envelope.commandId}/custody`, index),
        causationId: envelope.commandId,
      },
    );
  }
  return result;
};
