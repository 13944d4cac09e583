import type { CommandContext, Money } from '../shared/index.js';
import type { DeviceFacts, LossKind, RetirementReason, ReturnCondition } from './device-events.js';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandContext;
}

export type RegisterDevice = Command<'RegisterDevice', Omit<DeviceFacts, 'supplier'> & { supplier: string }>;
/** `holderStatus`: the person's status, loaded by the command handler (a departed person gets nothing). */
export type AssignDevice = Command<
  'AssignDevice',
  { deviceId: string; personId: string; holderStatus: string }
>;
export type ReturnDevice = Command<
  'ReturnDevice',
  { deviceId: string; condition: ReturnCondition; note: string; personId?: string }
>;
export type TransferDevice = Command<
  'TransferDevice',
  { deviceId: string; toPersonId: string; holderStatus: string; fromPersonId?: string }
>;
export type SendDeviceToService = Command<
  'SendDeviceToService',
  { deviceId: string; reason: string; serviceProvider: string }
>;
export type CompleteDeviceRepair = Command<
  'CompleteDeviceRepair',
  { deviceId: string; cost: Money; note: string }
>;
export type DeclareDeviceUnrepairable = Command<
  'DeclareDeviceUnrepairable',
  { deviceId: string; cost: Money; note: string }
>;
export type RetireDevice = Command<
  'RetireDevice',
  { deviceId: string; reason: RetirementReason; residualValue: Money; note: string }
>;
export type ReportDeviceLost = Command<
  'ReportDeviceLost',
  { deviceId: string; loss: LossKind; note: string }
>;

export type DeviceCommand =
  | RegisterDevice
  | AssignDevice
  | ReturnDevice
  | TransferDevice
  | SendDeviceToService
  | CompleteDeviceRepair
  | DeclareDeviceUnrepairable
  | RetireDevice
  | ReportDeviceLost;
