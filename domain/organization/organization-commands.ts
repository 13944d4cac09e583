import type { CommandContext, Money } from '../shared/index.js';
import type { OrganizationSettings, ReplacementPolicy, SlaPolicy } from './organization-events.js';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandContext;
}

/** `ticketReopenWindowDays` may be left out: the tenant then gets the default of 14 days. */
export type RegisterOrganization = Command<
  'RegisterOrganization',
  Omit<OrganizationSettings, 'ticketReopenWindowDays'> & { ticketReopenWindowDays?: number }
>;
export type RenameOrganization = Command<'RenameOrganization', { organizationId: string; name: string }>;
export type ChangeTimeZone = Command<'ChangeTimeZone', { organizationId: string; timeZone: string }>;
export type ChangeSlaPolicy = Command<'ChangeSlaPolicy', { organizationId: string; slaPolicy: SlaPolicy }>;
export type ChangeLabourRate = Command<'ChangeLabourRate', { organizationId: string; labourRate: Money }>;
export type ChangeReplacementPolicy = Command<
  'ChangeReplacementPolicy',
  { organizationId: string; replacementAgeMonths: ReplacementPolicy }
>;
export type ChangeTicketReopenWindow = Command<
  'ChangeTicketReopenWindow',
  { organizationId: string; ticketReopenWindowDays: number }
>;

export type OrganizationCommand =
  | RegisterOrganization
  | RenameOrganization
  | ChangeTimeZone
  | ChangeSlaPolicy
  | ChangeLabourRate
  | ChangeReplacementPolicy
  | ChangeTicketReopenWindow;
