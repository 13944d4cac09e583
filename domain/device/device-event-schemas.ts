import { type EventSchema, type EventUpcaster, schemaParts as s } from '../shared/index.js';
import { deviceKinds, lossKinds, retirementReasons, returnConditions } from './device-events.js';
import { deviceIdentifierKinds } from './device-identifier.js';

const registeredV1 = {
  deviceId: s.id,
  assetTag: s.name,
  serialNumber: s.name,
  kind: s.enumOf(deviceKinds),
  model: s.name,
  vendor: s.name,
  purchaseDate: s.date,
  purchaseCost: s.money,
  warrantyEnd: s.date,
  registeredAt: s.instant,
};

/** JSON Schemas of every device event's data, by version. */
export const deviceEventSchemas: EventSchema[] = [
  // v1 had no supplier; such events are still stored and are upcast to v2 on read.
  { type: 'DeviceRegistered', version: 1, schema: s.object(registeredV1) },
  {
    type: 'DeviceRegistered',
    version: 2,
    schema: s.object({ ...registeredV1, supplier: s.nullable(s.name) }),
  },
  {
    type: 'DeviceAssigned',
    version: 1,
    schema: s.object({ deviceId: s.id, personId: s.id, assignedAt: s.instant }),
  },
  {
    type: 'DeviceReturned',
    version: 1,
    schema: s.object({
      deviceId: s.id,
      personId: s.id,
      condition: s.enumOf(returnConditions),
      note: s.text(),
      returnedAt: s.instant,
    }),
  },
  {
    type: 'DeviceTransferred',
    version: 1,
    schema: s.object({ deviceId: s.id, fromPersonId: s.id, toPersonId: s.id, transferredAt: s.instant }),
  },
  {
    type: 'DeviceSentToService',
    version: 1,
    schema: s.object({
      deviceId: s.id,
      reason: s.text(),
      serviceProvider: s.text(200),
      holderId: s.nullable(s.id),
      sentAt: s.instant,
    }),
  },
  {
    type: 'DeviceRepaired',
    version: 1,
    schema: s.object({
      deviceId: s.id,
      cost: s.money,
      note: s.text(),
      holderId: s.nullable(s.id),
      repairedAt: s.instant,
    }),
  },
  {
    type: 'DeviceDeclaredUnrepairable',
    version: 1,
    schema: s.object({
      deviceId: s.id,
      cost: s.money,
      note: s.text(),
      holderId: s.nullable(s.id),
      declaredAt: s.instant,
    }),
  },
  {
    type: 'DeviceRetired',
    version: 1,
    schema: s.object({
      deviceId: s.id,
      reason: s.enumOf(retirementReasons),
      residualValue: s.money,
      note: s.text(),
      retiredAt: s.instant,
    }),
  },
  {
    type: 'DeviceReportedLost',
    version: 1,
    schema: s.object({
      deviceId: s.id,
      loss: s.enumOf(lossKinds),
      holderId: s.nullable(s.id),
      note: s.text(),
      reportedAt: s.instant,
    }),
  },
];

const identifier = { identifier: s.enumOf(deviceIdentifierKinds), value: s.name, deviceId: s.id };
// Reservation and custody streams belong to the device side too.
deviceEventSchemas.push(
  {
    type: 'DeviceIdentifierReserved',
    version: 1,
    schema: s.object({ ...identifier, reservedAt: s.instant }),
  },
  {
    type: 'DeviceIdentifierReleased',
    version: 1,
    schema: s.object({ ...identifier, releasedAt: s.instant }),
  },
  {
    type: 'DeviceCustodyTaken',
    version: 1,
    schema: s.object({ personId: s.id, deviceId: s.id, takenAt: s.instant }),
  },
  {
    type: 'DeviceCustodyReleased',
    version: 1,
    schema: s.object({ personId: s.id, deviceId: s.id, releasedAt: s.instant }),
  },
);

export const deviceEventUpcasters: EventUpcaster[] = [
  // Devices registered before suppliers were recorded: the supplier is unknown, not empty.
  { type: 'DeviceRegistered', fromVersion: 1, upcast: (data) => ({ ...data, supplier: null }) },
];
