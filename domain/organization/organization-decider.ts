import { type DeviceKind, deviceKinds } from '../device/index.js';
import {
  assertMoney,
  assertNever,
  type Decider,
  forbidden,
  type Money,
  notFound,
  ruleBroken,
} from '../shared/index.js';
import type { OrganizationState } from './organization.js';
import { evolveOrganization, initialOrganizationState } from './organization.js';
import type { OrganizationCommand } from './organization-commands.js';
import {
  currencyPattern,
  defaultTicketReopenWindowDays,
  maxTicketReopenWindowDays,
  maxTimeZoneLength,
  type OrganizationEvent,
  type ReplacementPolicy,
  type SlaPolicy,
  type SlaPriority,
  slaPriorities,
  timeZonePattern,
} from './organization-events.js';

const currencyShape = new RegExp(currencyPattern, 'u');
const timeZoneShape = new RegExp(timeZonePattern, 'u');
const maxNameLength = 200;

const isPositiveInteger = (value: number) => Number.isSafeInteger(value) && value > 0;

const registered = (state: OrganizationState, organizationId: string) => {
  if (state.status === 'unregistered') {
    throw notFound('ORGANIZATION_NOT_FOUND', `Organization ${organizationId} does not exist`);
  }
  return state.organization;
};

const validName = (name: string) => {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > maxNameLength) {
    throw ruleBroken('ORGANIZATION_NAME_INVALID', `A name has 1 to ${maxNameLength} characters`);
  }
  return trimmed;
};

const validCurrency = (currency: string) => {
  if (!currencyShape.test(currency)) {
    throw ruleBroken(
      'ORGANIZATION_CURRENCY_INVALID',
      `${currency} is not an ISO 4217 code such as PLN or EUR`,
    );
  }
  return currency;
};

const validTimeZone = (timeZone: string) => {
  if (timeZone.length > maxTimeZoneLength || !timeZoneShape.test(timeZone)) {
    throw ruleBroken(
      'ORGANIZATION_TIME_ZONE_INVALID',
      `${timeZone} is not an IANA time zone name such as Europe/Warsaw or UTC`,
    );
  }
  return timeZone;
};

/** Every priority has a target; both times are whole minutes, and nobody resolves before answering. */
const validSlaPolicy = (policy: SlaPolicy): SlaPolicy => {
  const given = Object.keys(policy);
  const missing = slaPriorities.filter((priority) => !given.includes(priority));
  const unknown = given.filter((key) => !(slaPriorities as readonly string[]).includes(key));
  if (missing.length > 0 || unknown.length > 0) {
    throw ruleBroken('SLA_POLICY_PRIORITIES_INVALID', 'An SLA policy has one target for each of P1 to P4', {
      missing,
      unknown,
    });
  }
  const valid = (priority: SlaPriority) => {
    const { firstResponseMinutes, resolutionMinutes } = policy[priority];
    if (!isPositiveInteger(firstResponseMinutes) || !isPositiveInteger(resolutionMinutes)) {
      throw ruleBroken('SLA_TARGET_INVALID', `${priority}: SLA targets are whole, positive minutes`, {
        priority,
      });
    }
    if (firstResponseMinutes > resolutionMinutes) {
      throw ruleBroken(
        'SLA_FIRST_RESPONSE_AFTER_RESOLUTION',
        `${priority}: the first response cannot be due after the resolution`,
        { priority },
      );
    }
    return { firstResponseMinutes, resolutionMinutes };
  };
  return { P1: valid('P1'), P2: valid('P2'), P3: valid('P3'), P4: valid('P4') };
};

/** Labour is priced in the currency the tenant's costs are reported in, so costs can be added up. */
const validLabourRate = (rate: Money, currency: string): Money => {
  assertMoney(rate, 'labour rate');
  if (rate.currency !== currency) {
    throw ruleBroken(
      'LABOUR_RATE_CURRENCY_MISMATCH',
      `The labour rate must be in ${currency}, the organization's currency`,
      { expected: currency, actual: rate.currency },
    );
  }
  return { amount: rate.amount, currency: rate.currency };
};

/** Only known device kinds, each with a whole, positive number of months; a kind may be left out. */
const validReplacementPolicy = (policy: ReplacementPolicy): ReplacementPolicy => {
  const unknown = Object.keys(policy).filter((key) => !(deviceKinds as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw ruleBroken('REPLACEMENT_DEVICE_KIND_UNKNOWN', `Unknown device kinds: ${unknown.join(', ')}`, {
      unknown,
    });
  }
  const valid: ReplacementPolicy = {};
  for (const kind of deviceKinds) {
    const months = policy[kind];
    if (months === undefined) continue;
    if (!isPositiveInteger(months)) {
      throw ruleBroken('REPLACEMENT_AGE_INVALID', `${kind}: a replacement age is whole, positive months`, {
        kind,
      });
    }
    valid[kind] = months;
  }
  return valid;
};

const validReopenWindow = (days: number) => {
  if (!Number.isSafeInteger(days) || days < 0 || days > maxTicketReopenWindowDays) {
    throw ruleBroken(
      'TICKET_REOPEN_WINDOW_INVALID',
      `A ticket reopen window is a whole number of days from 0 to ${maxTicketReopenWindowDays}`,
    );
  }
  return days;
};

const sameSlaPolicy = (a: SlaPolicy, b: SlaPolicy) =>
  slaPriorities.every(
    (p) =>
      a[p].firstResponseMinutes === b[p].firstResponseMinutes &&
      a[p].resolutionMinutes === b[p].resolutionMinutes,
  );

const sameReplacementPolicy = (a: ReplacementPolicy, b: ReplacementPolicy) =>
  deviceKinds.every((kind: DeviceKind) => a[kind] === b[kind]);

/**
 * The rules of a tenant's settings. Only an `msp_admin` registers a tenant or changes its settings.
 * A change to the value already set records nothing (`[]`): it is an idempotent no-op, not an error, so a
 * settings form can be saved twice and a retried command never fails.
 * The default currency is fixed at registration: every cost already recorded is in it.
 */
export const decideOrganization = (
  command: OrganizationCommand,
  state: OrganizationState,
): OrganizationEvent[] => {
  const { now, actor } = command.meta;
  if (actor.role !== 'msp_admin') {
    throw forbidden(
      'ORGANIZATION_ADMIN_ONLY',
      `Only an MSP administrator may register an organization or change its settings`,
      { role: actor.role },
    );
  }
  switch (command.type) {
    case 'RegisterOrganization': {
      const d = command.data;
      if (state.status !== 'unregistered') {
        throw ruleBroken(
          'ORGANIZATION_ALREADY_REGISTERED',
          `Organization ${d.organizationId} is already registered`,
        );
      }
      const defaultCurrency = validCurrency(d.defaultCurrency);
      return [
        {
          type: 'OrganizationRegistered',
          data: {
            organizationId: d.organizationId,
            name: validName(d.name),
            defaultCurrency,
            timeZone: validTimeZone(d.timeZone),
            slaPolicy: validSlaPolicy(d.slaPolicy),
            labourRate: validLabourRate(d.labourRate, defaultCurrency),
            replacementAgeMonths: validReplacementPolicy(d.replacementAgeMonths),
            ticketReopenWindowDays: validReopenWindow(
              d.ticketReopenWindowDays ?? defaultTicketReopenWindowDays,
            ),
            registeredAt: now,
          },
        },
      ];
    }
    case 'RenameOrganization': {
      const { organizationId } = command.data;
      const organization = registered(state, organizationId);
      const name = validName(command.data.name);
      if (name === organization.name) return [];
      return [{ type: 'OrganizationRenamed', data: { organizationId, name, renamedAt: now } }];
    }
    case 'ChangeTimeZone': {
      const { organizationId } = command.data;
      const organization = registered(state, organizationId);
      const timeZone = validTimeZone(command.data.timeZone);
      if (timeZone === organization.timeZone) return [];
      return [{ type: 'OrganizationTimeZoneChanged', data: { organizationId, timeZone, changedAt: now } }];
    }
    case 'ChangeSlaPolicy': {
      const { organizationId } = command.data;
      const organization = registered(state, organizationId);
      const slaPolicy = validSlaPolicy(command.data.slaPolicy);
      if (sameSlaPolicy(slaPolicy, organization.slaPolicy)) return [];
      return [{ type: 'OrganizationSlaPolicyChanged', data: { organizationId, slaPolicy, changedAt: now } }];
    }
    case 'ChangeLabourRate': {
      const { organizationId } = command.data;
      const organization = registered(state, organizationId);
      const labourRate = validLabourRate(command.data.labourRate, organization.defaultCurrency);
      if (labourRate.amount === organization.labourRate.amount) return [];
      return [
        { type: 'OrganizationLabourRateChanged', data: { organizationId, labourRate, changedAt: now } },
      ];
    }
    case 'ChangeReplacementPolicy': {
      const { organizationId } = command.data;
      const organization = registered(state, organizationId);
      const replacementAgeMonths = validReplacementPolicy(command.data.replacementAgeMonths);
      if (sameReplacementPolicy(replacementAgeMonths, organization.replacementAgeMonths)) return [];
      return [
        {
          type: 'OrganizationReplacementPolicyChanged',
          data: { organizationId, replacementAgeMonths, changedAt: now },
        },
      ];
    }
    case 'ChangeTicketReopenWindow': {
      const { organizationId } = command.data;
      const organization = registered(state, organizationId);
      const ticketReopenWindowDays = validReopenWindow(command.data.ticketReopenWindowDays);
      if (ticketReopenWindowDays === organization.ticketReopenWindowDays) return [];
      return [
        {
          type: 'OrganizationTicketReopenWindowChanged',
          data: { organizationId, ticketReopenWindowDays, changedAt: now },
        },
      ];
    }
    default:
      return assertNever(command);
  }
};

export const organizationDecider: Decider<OrganizationCommand, OrganizationState, OrganizationEvent> = {
  initialState: initialOrganizationState,
  evolve: evolveOrganization,
  decide: decideOrganization,
};
