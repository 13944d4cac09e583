import type { DeviceKind } from '../device/index.js';
import type { DomainEvent, Money } from '../shared/index.js';

/** Ticket priorities, most urgent first (the same four as the ticket side); each has an SLA target. */
export const slaPriorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type SlaPriority = (typeof slaPriorities)[number];

/** How fast the IT team must first answer and then resolve a ticket of one priority. */
export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export type SlaPolicy = Record<SlaPriority, SlaTarget>;

/** After how many months a device of each kind is due for replacement; a kind left out is never due. */
export type ReplacementPolicy = Partial<Record<DeviceKind, number>>;

/** An ISO 4217 code: three capital letters. */
export const currencyPattern = '^[A-Z]{3}$';

/**
 * The shape of an IANA time zone name: `UTC`, or an area and one or two locations (`Europe/Warsaw`,
 * `America/Argentina/Buenos_Aires`, `Etc/GMT+5`). Only the shape: the domain holds no zone database.
 */
export const timeZonePattern = '^(?:UTC|[A-Z][A-Za-z]+(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$';
/** Longer than any IANA name (the longest has 32 characters). */
export const maxTimeZoneLength = 64;

/** How long after resolution a requester may still reopen a ticket when registration does not say. */
export const defaultTicketReopenWindowDays = 14;
export const maxTicketReopenWindowDays = 365;

/** Everything a tenant is set up with; each part later changes through its own command. */
export interface OrganizationSettings {
  organizationId: string;
  name: string;
  /** ISO 4217 code in which the tenant's costs are reported. */
  defaultCurrency: string;
  /** IANA time zone name, for business days and "this month". */
  timeZone: string;
  slaPolicy: SlaPolicy;
  /** The price of one hour of the IT team's work; always in `defaultCurrency`. */
  labourRate: Money;
  replacementAgeMonths: ReplacementPolicy;
  ticketReopenWindowDays: number;
}

export type OrganizationRegistered = DomainEvent<
  'OrganizationRegistered',
  OrganizationSettings & { registeredAt: string }
>;
export type OrganizationRenamed = DomainEvent<
  'OrganizationRenamed',
  { organizationId: string; name: string; renamedAt: string }
>;
export type OrganizationTimeZoneChanged = DomainEvent<
  'OrganizationTimeZoneChanged',
  { organizationId: string; timeZone: string; changedAt: string }
>;
export type OrganizationSlaPolicyChanged = DomainEvent<
  'OrganizationSlaPolicyChanged',
  { organizationId: string; slaPolicy: SlaPolicy; changedAt: string }
>;
export type OrganizationLabourRateChanged = DomainEvent<
  'OrganizationLabourRateChanged',
  { organizationId: string; labourRate: Money; changedAt: string }
>;
export type OrganizationReplacementPolicyChanged = DomainEvent<
  'OrganizationReplacementPolicyChanged',
  { organizationId: string; replacementAgeMonths: ReplacementPolicy; changedAt: string }
>;
export type OrganizationTicketReopenWindowChanged = DomainEvent<
  'OrganizationTicketReopenWindowChanged',
  { organizationId: string; ticketReopenWindowDays: number; changedAt: string }
>;

export type OrganizationEvent =
  | OrganizationRegistered
  | OrganizationRenamed
  | OrganizationTimeZoneChanged
  | OrganizationSlaPolicyChanged
  | OrganizationLabourRateChanged
  | OrganizationReplacementPolicyChanged
  | OrganizationTicketReopenWindowChanged;
