import type { CommandContext, Money } from '../shared/index.js';
import type { PersonDetails } from './person-events.js';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandContext;
}

/** `phone` and `notes` are optional: omitted, the person has none (blank notes are none as well). */
export type RegisterPerson = Command<'RegisterPerson', PersonDetails>;
/**
 * Only the fields given change: an omitted field keeps its current value. `phone` and `notes` may also be
 * `null`, which removes them (so do blank notes). The e-mail address is not among the fields: changing it
 * would need the tenant-wide uniqueness check of registration again.
 */
export type ChangePersonDetails = Command<
  'ChangePersonDetails',
  {
    personId: string;
    name?: string;
    department?: string;
    costCentre?: string;
    phone?: string | null;
    notes?: string | null;
  }
>;
export type StartPerson = Command<'StartPerson', { personId: string }>;
export type StartOffboarding = Command<'StartOffboarding', { personId: string; processId: string }>;
/**
 * `heldDeviceIds`: the devices the person holds now, loaded by the command handler from the device side
 * (the domain trusts it). `processId`: the offboarding this departure ends, if one was started.
 */
export type DepartPerson = Command<
  'DepartPerson',
  { personId: string; heldDeviceIds: string[]; processId?: string }
>;
export type GrantAccess = Command<
  'GrantAccess',
  { personId: string; accessId: string; system: string; monthlyCost: Money }
>;
export type RevokeAccess = Command<'RevokeAccess', { personId: string; accessId: string }>;

/** Erases a departed person's personal data for good (GDPR/RODO); `reason` says why, without personal data. */
export type ErasePersonalData = Command<'ErasePersonalData', { personId: string; reason: string }>;

export type PersonCommand =
  | RegisterPerson
  | ChangePersonDetails
  | StartPerson
  | StartOffboarding
  | DepartPerson
  | GrantAccess
  | RevokeAccess
  | ErasePersonalData;
