import { z } from 'zod';
import {
  type AccountCommand,
  accountDecider,
  accountEmailDecider,
  MSP_TENANT,
  maxApiTokenNameLength,
  maxDisableReasonLength,
} from '../../domain/account/index.js';
import { normalizeEmail, roles } from '../../domain/shared/index.js';
import { type CommandDefinition, type CommandDeps, defineCommand } from '../command-definition.js';
import { type CommandEnvelope, type CommandResult, contextOf } from '../command-envelope.js';
import { payload } from '../command-schemas.js';
import { withEmailReservation } from '../email-reservation.js';
import { handleCommand, loadAggregate } from '../handle-command.js';
import { accountEmailStream, accountStream } from '../streams.js';
import { hashApiToken } from './api-token.js';
import { defaultScryptCost, hashPassword, type ScryptCost } from './password.js';

const { email } = payload;
const accountId = z.uuid();
/** Not trimmed: every character of a password counts. */
const password = z.string().min(12).max(200);
const role = z.enum(roles);
/** The tenant a role applies to; `null`: every tenant. */
const tenantId = z.string().trim().min(1).max(100).nullable();
/** Not trimmed, like a password; long enough that its unsalted SHA-256 cannot be reversed by guessing. */
const tokenSecret = z.string().min(32).max(200);
/** Any offset is accepted; the instant is recorded in UTC, so the same instant always reads the same. */
const expiresAt = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
/** Accounts are the IT team administrator's to manage (the domain refuses anyone else as well). */
const admin = ['msp_admin'] as const;

/** Runs an account-stream command through the decider; the envelope's tenant is the account's home. */
const onAccount = (deps: CommandDeps, envelope: CommandEnvelope, command: Omit<AccountCommand, 'meta'>) =>
  handleCommand(
    deps.store,
    accountDecider,
    accountStream(command.data.accountId),
    { ...command, meta: contextOf(envelope) } as AccountCommand,
    envelope,
  );

/** Whether the account exists, in this tenant, with this very address. */
const createdWith = async (deps: CommandDeps, envelope: CommandEnvelope, id: string, address: string) => {
  const { state } = await loadAggregate(deps.store, accountStream(id), accountDecider, envelope.tenantId);
  return state.status !== 'absent' && state.account.email === normalizeEmail(address);
};

/**
 * The account commands. `passwordCost` is scrypt's cost for new hashes: the default in production, a
 * cheaper one in tests.
 */
export const accountCommandHandlers = ({
  passwordCost = defaultScryptCost,
}: {
  passwordCost?: ScryptCost;
} = {}) => {
  /**
   * Creates an account with its first password, after reserving its e-mail address for the whole system.
   * A reservation made for a creation that then fails is released, unless the account already holds that
   * address; the same command sent again resumes where it stopped.
   */
  const createAccount = defineCommand({
    type: 'CreateAccount',
    schema: z.strictObject({
      accountId,
      email,
      displayName: payload.name,
      personId: z.uuid().nullish(),
      password,
    }),
    roles: admin,
    async run(deps, input, envelope): Promise<CommandResult> {
      // Hashed before anything is reserved, and only the hash goes further.
      const passwordHash = await hashPassword(input.password, passwordCost);
      return withEmailReservation(
        deps,
        envelope,
        {
          decider: accountEmailDecider,
          stream: accountEmailStream(input.email),
          email: input.email,
          ownerId: input.accountId,
          // The reservations are the system's, not one tenant's: they are recorded under the MSP's tenant, so
          // accounts of every tenant meet on the same stream.
          tenantId: MSP_TENANT,
        },
        () =>
          onAccount(deps, envelope, {
            type: 'CreateAccount',
            data: {
              accountId: input.accountId,
              email: input.email,
              displayName: input.displayName,
              personId: input.personId ?? null,
              passwordHash,
            },
          }),
        () => createdWith(deps, envelope, input.accountId, input.email),
      );
    },
  });

  /** Any role may send it: an account sets its own password; the domain lets only msp_admin set others'. */
  const setAccountPassword = defineCommand({
    type: 'SetAccountPassword',
    schema: z.strictObject({ accountId, password }),
    roles,
    run: async (deps, input, envelope) =>
      onAccount(deps, envelope, {
        type: 'SetAccountPassword',
        data: { accountId: input.accountId, passwordHash: await hashPassword(input.password, passwordCost) },
      }),
  });

  const grantAccountRole = defineCommand({
    type: 'GrantAccountRole',
    schema: z.strictObject({ accountId, role, tenantId }),
    roles: admin,
    run: (deps, data, envelope) => onAccount(deps, envelope, { type: 'GrantAccountRole', data }),
  });

  const revokeAccountRole = defineCommand({
    type: 'RevokeAccountRole',
    schema: z.strictObject({ accountId, role, tenantId }),
    roles: admin,
    run: (deps, data, envelope) => onAccount(deps, envelope, { type: 'RevokeAccountRole', data }),
  });

  const disableAccount = defineCommand({
    type: 'DisableAccount',
    schema: z.strictObject({ accountId, reason: z.string().trim().min(1).max(maxDisableReasonLength) }),
    roles: admin,
    run: (deps, data, envelope) => onAccount(deps, envelope, { type: 'DisableAccount', data }),
  });

  const enableAccount = defineCommand({
    type: 'EnableAccount',
    schema: z.strictObject({ accountId }),
    roles: admin,
    run: (deps, data, envelope) => onAccount(deps, envelope, { type: 'EnableAccount', data }),
  });

  /**
   * Issues an API token. The caller chooses the secret (at least 32 characters, best random) and keeps it:
   * only its SHA-256 goes further, so the secret is shown once, at issue, and never again.
   */
  const issueApiToken = defineCommand({
    type: 'IssueApiToken',
    schema: z.strictObject({
      accountId,
      tokenId: z.uuid(),
      name: z.string().trim().min(1).max(maxApiTokenNameLength),
      secret: tokenSecret,
      expiresAt: expiresAt.optional(),
    }),
    roles: admin,
    run: (deps, input, envelope) =>
      onAccount(deps, envelope, {
        type: 'IssueApiToken',
        data: {
          accountId: input.accountId,
          tokenId: input.tokenId,
          name: input.name,
          tokenHash: hashApiToken(input.secret),
          expiresAt: input.expiresAt ?? null,
        },
      }),
  });

  const revokeApiToken = defineCommand({
    type: 'RevokeApiToken',
    schema: z.strictObject({ accountId, tokenId: z.uuid() }),
    roles: admin,
    run: (deps, data, envelope) => onAccount(deps, envelope, { type: 'RevokeApiToken', data }),
  });

  return {
    createAccount,
    setAccountPassword,
    grantAccountRole,
    revokeAccountRole,
    disableAccount,
    enableAccount,
    issueApiToken,
    revokeApiToken,
  };
};

export const {
  createAccount,
  setAccountPassword,
  grantAccountRole,
  revokeAccountRole,
  disableAccount,
  enableAccount,
  issueApiToken,
  revokeApiToken,
} = accountCommandHandlers();

/** Every account command, for the write API. */
export const accountCommands: CommandDefinition<unknown>[] = [
  createAccount,
  setAccountPassword,
  grantAccountRole,
  revokeAccountRole,
  disableAccount,
  enableAccount,
  issueApiToken,
  revokeApiToken,
];
