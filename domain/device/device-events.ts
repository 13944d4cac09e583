import type { DomainEvent, Money } from '../shared/index.js';

export const deviceKinds = [
  'laptop',
  'desktop',
  'monitor',
  'phone',
  'tablet',
  'printer',
  'network',
  'peripheral',
  'other',
] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const returnConditions = ['good', 'worn', 'damaged'] as const;
export type ReturnCondition = (typeof returnConditions)[number];

export const retirementReasons = ['end_of_life', 'broken', 'sold', 'donated', 'recycled'] as const;
export type RetirementReason = (typeof retirementReasons)[number];

export const lossKinds = ['lost', 'stolen'] as const;
export type LossKind = (typeof lossKinds)[number];

/** What is known of a device from its registration. */
export interface DeviceFacts {
  deviceId: string;
  assetTag: string;
  serialNumber: string;
  kind: DeviceKind;
  model: string;
  vendor: string;
  /** ISO date (YYYY-MM-DD). */
  purchaseDate: string;
  purchaseCost: Money;
  /** ISO date (YYYY-MM-DD). */
  warrantyEnd: string;
  /** Who sold it; `null` when unknown (devices registered before suppliers were recorded). */
  supplier: string | null;
}

export type DeviceRegistered = DomainEvent<'DeviceRegistered', DeviceFacts & { registeredAt: string }>;
export type DeviceAssigned = DomainEvent<
  'DeviceAssigned',
  { deviceId: string; personId: string; assignedAt: string }
>;
export type DeviceReturned = DomainEvent<
  'DeviceReturned',
  { deviceId: string; personId: string; condition: ReturnCondition; note: string; returnedAt: string }
>;
export type DeviceTransferred = DomainEvent<
  'DeviceTransferred',
  { deviceId: string; fromPersonId: string; toPersonId: string; transferredAt: string }
>;
export type DeviceSentToService = DomainEvent<
  'DeviceSentToService',
  { deviceId: string; reason: string; serviceProvider: string; holderId: string | null; sentAt: string }
>;
export type DeviceRepaired = DomainEvent<
  'DeviceRepaired',
  { deviceId: string; cost: Money; note: string; holderId: string | null; repairedAt: string }
>;
export type DeviceDeclaredUnrepairable = DomainEvent<
  'DeviceDeclaredUnrepairable',
  { deviceId: string; cost: Money; note: string; holderId: string | null; declaredAt: string }
>;
export type DeviceRetired = DomainEvent<
  'DeviceRetired',
  { deviceId: string; reason: RetirementReason; residualValue: Money; note: string; retiredAt: string }
>;
export type DeviceReportedLost = DomainEvent<
  'DeviceReportedLost',
  { deviceId: string; loss: LossKind; holderId: string | null; note: string; reportedAt: string }
>;

export type DeviceEvent =
  | DeviceRegistered
  | DeviceAssigned
  | DeviceReturned
  | DeviceTransferred
  | DeviceSentToService
  | DeviceRepaired
  | DeviceDeclaredUnrepairable
  | DeviceRetired
  | DeviceReportedLost;
