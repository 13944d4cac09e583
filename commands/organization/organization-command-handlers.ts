import { z } from 'zod';
import { deviceKinds } from '../../domain/device/index.js';
import {
  currencyPattern,
  maxTicketReopenWindowDays,
  maxTimeZoneLength,
  type OrganizationCommand,
  organizationDecider,
  timeZonePattern,
} from '../../domain/organization/index.js';
import { notFound } from '../../domain/shared/index.js';
import {
  type CommandDefinition,
  type CommandDeps,
  CommandValidationError,
  defineCommand,
} from '../command-definition.js';
import { type CommandEnvelope, contextOf } from '../command-envelope.js';
import { payload } from '../command-schemas.js';
import { handleCommand } from '../handle-command.js';
import { organizationStream } from '../streams.js';

const { name, money } = payload;

const currency = z.string().regex(new RegExp(currencyPattern, 'u'), 'not an ISO 4217 code such as PLN');
const timeZone = z
  .string()
  .max(maxTimeZoneLength)
  .regex(new RegExp(timeZonePattern, 'u'), 'not an IANA time zone name such as Europe/Warsaw');
const minutes = z.number().int().positive();
const slaTarget = z.strictObject({ firstResponseMinutes: minutes, resolutionMinutes: minutes });
const slaPolicy = z.strictObject({ P1: slaTarget, P2: slaTarget, P3: slaTarget, P4: slaTarget });
const replacementAgeMonths = z.partialRecord(z.enum(deviceKinds), z.number().int().positive());
const reopenWindowDays = z.number().int().min(0).max(maxTicketReopenWindowDays);
const organizationId = z.uuid();
const mspAdmin = ['msp_admin'] as const;

/**
 * Runs an organization-stream command through the decider. An organization other than the tenant's own is
 * answered as missing, like any other tenant's aggregate.
 */
const onOrganization = async (
  deps: CommandDeps,
  envelope: CommandEnvelope,
  command: Omit<OrganizationCommand, 'meta'>,
) => {
  const { organizationId } = command.data;
  if (organizationId !== envelope.tenantId) {
    throw notFound('ORGANIZATION_NOT_FOUND', `Organization ${organizationId} does not exist`);
  }
  return handleCommand(
    deps.store,
    organizationDecider,
    organizationStream(organizationId),
    { ...command, meta: contextOf(envelope) } as OrganizationCommand,
    envelope,
  );
};

/**
 * Registers the tenant's organization. The command is addressed to the tenant it registers: its
 * events carry that tenant id, so the organization is visible to that tenant and no other.
 */
export const registerOrganization = defineCommand({
  type: 'RegisterOrganization',
  schema: z.strictObject({
    organizationId,
    name,
    defaultCurrency: currency,
    timeZone,
    slaPolicy,
    labourRate: money,
    replacementAgeMonths,
    ticketReopenWindowDays: reopenWindowDays.optional(),
  }),
  roles: mspAdmin,
  run: (deps, data, envelope) => {
    if (data.organizationId !== envelope.tenantId) {
      throw new CommandValidationError('RegisterOrganization', [
        { path: 'organizationId', message: 'must be the id of the tenant the command is sent to' },
      ]);
    }
    return onOrganization(deps, envelope, { type: 'RegisterOrganization', data });
  },
});

export const renameOrganization = defineCommand({
  type: 'RenameOrganization',
  schema: z.strictObject({ organizationId, name }),
  roles: mspAdmin,
  run: (deps, data, envelope) => onOrganization(deps, envelope, { type: 'RenameOrganization', data }),
});

export const changeTimeZone = defineCommand({
  type: 'ChangeTimeZone',
  schema: z.strictObject({ organizationId, timeZone }),
  roles: mspAdmin,
  run: (deps, data, envelope) => onOrganization(deps, envelope, { type: 'ChangeTimeZone', data }),
});

export const changeSlaPolicy = defineCommand({
  type: 'ChangeSlaPolicy',
  schema: z.strictObject({ organizationId, slaPolicy }),
  roles: mspAdmin,
  run: (deps, data, envelope) => onOrganization(deps, envelope, { type: 'ChangeSlaPolicy', data }),
});

export const changeLabourRate = defineCommand({
  type: 'ChangeLabourRate',
  schema: z.strictObject({ organizationId, labourRate: money }),
  roles: mspAdmin,
  run: (deps, data, envelope) => onOrganization(deps, envelope, { type: 'ChangeLabourRate', data }),
});

export const changeReplacementPolicy = defineCommand({
  type: 'ChangeReplacementPolicy',
  schema: z.strictObject({ organizationId, replacementAgeMonths }),
  roles: mspAdmin,
  run: (deps, data, envelope) => onOrganization(deps, envelope, { type: 'ChangeReplacementPolicy', data }),
});

export const changeTicketReopenWindow = defineCommand({
  type: 'ChangeTicketReopenWindow',
  schema: z.strictObject({ organizationId, ticketReopenWindowDays: reopenWindowDays }),
  roles: mspAdmin,
  run: (deps, data, envelope) => onOrganization(deps, envelope, { type: 'ChangeTicketReopenWindow', data }),
});

/** Every organization command, for the write API. */
export const organizationCommands: CommandDefinition<unknown>[] = [
  registerOrganization,
  renameOrganization,
  changeTimeZone,
  changeSlaPolicy,
  changeLabourRate,
  changeReplacementPolicy,
  changeTicketReopenWindow,
];
