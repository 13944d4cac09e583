import {
  type Actor,
  assertNever,
  conflict,
  type Decider,
  forbidden,
  notFound,
  type Role,
  ruleBroken,
  validEmail,
} from '../shared/index.js';
import type { AccountState, ExistingAccountState } from './account.js';
import { type ApiToken, apiTokenOf, evolveAccount, holdsRole, initialAccountState } from './account.js';
import type { AccountCommand } from './account-commands.js';
import {
  type AccountDetails,
  type AccountEvent,
  apiTokenHashPattern,
  MSP_TENANT,
  passwordHashPattern,
} from './account-events.js';

const hashShape = new RegExp(passwordHashPattern, 'u');
const tokenHashShape = new RegExp(apiTokenHashPattern, 'u');
export const maxDisplayNameLength = 200;
export const maxDisableReasonLength = 500;
export const maxApiTokenNameLength = 100;

/** Accounts are the IT team administrator's to manage; an account may only change its own password. */
const isAdmin = (actor: Actor) => actor.role === 'msp_admin';

const adminOnly = (actor: Actor, what: string) => {
  if (!isAdmin(actor)) {
    throw forbidden('ACCOUNT_FORBIDDEN', `A ${actor.role} may not ${what}`, { role: actor.role });
  }
};

const existing = (state: AccountState, accountId: string): ExistingAccountState => {
  if (state.status === 'absent') throw notFound('ACCOUNT_NOT_FOUND', `Account ${accountId} does not exist`);
  return state;
};

const validText = (value: string, max: number, code: string, what: string) => {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw ruleBroken(code, `${what} has 1 to ${max} characters`);
  }
  return trimmed;
};

/** Refuses anything that is not a hash in the stored format, so a plain password can never be recorded. */
const validHash = (passwordHash: string) => {
  if (!hashShape.test(passwordHash)) {
    throw ruleBroken('PASSWORD_HASH_INVALID', 'The password must arrive hashed (scrypt$N$r$p$salt$hash)');
  }
  return passwordHash;
};

/** Refuses anything that is not a SHA-256 hex digest, so a plain token secret can never be recorded. */
const validTokenHash = (tokenHash: string) => {
  if (!tokenHashShape.test(tokenHash)) {
    throw ruleBroken(
      'API_TOKEN_HASH_INVALID',
      'The token secret must arrive hashed (SHA-256, lower-case hex)',
    );
  }
  return tokenHash;
};

/** Whether an issue repeats the token already issued under its id (the same command sent again). */
const sameToken = (token: ApiToken, name: string, tokenHash: string, expiresAt: string | null) =>
  token.name === name &&
  token.tokenHash === tokenHash &&
  (token.expiresAt === null || expiresAt === null
    ? token.expiresAt === expiresAt
    : Date.parse(token.expiresAt) === Date.parse(expiresAt));

/**
 * Which roles an account may hold, by its home. A client's account holds client roles, and the auditor
 * role, for its own tenant only; the IT team's accounts (home `MSP_TENANT`) hold technician (one tenant or
 * every tenant), msp_admin (every tenant, nothing less) and auditor (any tenant or every tenant).
 */
const assertRoleFits = (account: AccountDetails, role: Role, tenantId: string | null) => {
  const mspHome = account.homeTenantId === MSP_TENANT;
  const outsideHome = () =>
    ruleBroken(
      'ROLE_OUTSIDE_HOME_TENANT',
      `${role} is held by a client's account for its own tenant ${account.homeTenantId} only`,
      { role, tenantId, homeTenantId: account.homeTenantId },
    );
  const needsMsp = () =>
    ruleBroken('ROLE_NEEDS_MSP_ACCOUNT', `${role} is held only by the IT team's accounts`, {
      role,
      homeTenantId: account.homeTenantId,
    });
  switch (role) {
    case 'client_manager':
    case 'employee':
      if (mspHome || tenantId !== account.homeTenantId) throw outsideHome();
      return;
    case 'technician':
      if (!mspHome) throw needsMsp();
      return;
    case 'msp_admin':
      if (!mspHome) throw needsMsp();
      if (tenantId !== null) {
        throw ruleBroken('ROLE_NEEDS_EVERY_TENANT', 'msp_admin is held for every tenant (tenantId null)', {
          role,
          tenantId,
        });
      }
      return;
    case 'auditor':
      if (!mspHome && tenantId !== account.homeTenantId) throw outsideHome();
      return;
    default:
      assertNever(role);
  }
};

/**
 * The rules of the panel's accounts: who they are, their password, their API tokens, their roles, and
 * whether they may act.
 */
export const decideAccount = (command: AccountCommand, state: AccountState): AccountEvent[] => {
  const { now, actor, tenantId: homeTenantId } = command.meta;
  switch (command.type) {
    case 'CreateAccount': {
      const { accountId, personId, passwordHash } = command.data;
      adminOnly(actor, 'create accounts');
      if (state.status !== 'absent') {
        throw conflict('ACCOUNT_ALREADY_EXISTS', `Account ${accountId} already exists`);
      }
      return [
        {
          type: 'AccountCreated',
          data: {
            accountId,
            email: validEmail(command.data.email, 'ACCOUNT_EMAIL_INVALID'),
            displayName: validText(
              command.data.displayName,
              maxDisplayNameLength,
              'ACCOUNT_DISPLAY_NAME_INVALID',
              'A display name',
            ),
            homeTenantId,
            personId,
            createdAt: now,
          },
        },
        {
          type: 'AccountPasswordSet',
          data: { accountId, passwordHash: validHash(passwordHash), setAt: now },
        },
      ];
    }
    case 'SetAccountPassword': {
      const { accountId, passwordHash } = command.data;
      if (actor.id !== accountId) adminOnly(actor, "set another account's password");
      const account = existing(state, accountId);
      // A disabled account cannot act; only the administrator may reset its password (e.g. before enabling).
      if (account.status === 'disabled' && !isAdmin(actor)) {
        throw ruleBroken('ACCOUNT_DISABLED', `Account ${accountId} is disabled`);
      }
      return [
        {
          type: 'AccountPasswordSet',
          data: { accountId, passwordHash: validHash(passwordHash), setAt: now },
        },
      ];
    }
    case 'GrantAccountRole': {
      const { accountId, role, tenantId } = command.data;
      adminOnly(actor, 'grant roles');
      const account = existing(state, accountId);
      if (account.status === 'disabled') {
        throw ruleBroken('ACCOUNT_DISABLED', `Account ${accountId} is disabled and receives no roles`);
      }
      assertRoleFits(account.account, role, tenantId);
      if (holdsRole(account, role, tenantId)) {
        throw conflict('ROLE_ALREADY_GRANTED', `Account ${accountId} already holds ${role}`, {
          role,
          tenantId,
        });
      }
      return [{ type: 'AccountRoleGranted', data: { accountId, role, tenantId, grantedAt: now } }];
    }
    case 'RevokeAccountRole': {
      const { accountId, role, tenantId } = command.data;
      adminOnly(actor, 'revoke roles');
      const account = existing(state, accountId);
      if (!holdsRole(account, role, tenantId)) {
        throw ruleBroken('ROLE_NOT_GRANTED', `Account ${accountId} does not hold ${role} for that tenant`, {
          role,
          tenantId,
        });
      }
      return [{ type: 'AccountRoleRevoked', data: { accountId, role, tenantId, revokedAt: now } }];
    }
    case 'DisableAccount': {
      const { accountId } = command.data;
      adminOnly(actor, 'disable accounts');
      const account = existing(state, accountId);
      if (account.status === 'disabled') {
        throw conflict('ACCOUNT_ALREADY_DISABLED', `Account ${accountId} is already disabled`);
      }
      const reason = validText(
        command.data.reason,
        maxDisableReasonLength,
        'ACCOUNT_DISABLE_REASON_INVALID',
        'A reason',
      );
      return [{ type: 'AccountDisabled', data: { accountId, reason, disabledAt: now } }];
    }
    case 'EnableAccount': {
      const { accountId } = command.data;
      adminOnly(actor, 'enable accounts');
      const account = existing(state, accountId);
      if (account.status !== 'disabled') {
        throw conflict('ACCOUNT_NOT_DISABLED', `Account ${accountId} is not disabled`);
      }
      return [{ type: 'AccountEnabled', data: { accountId, enabledAt: now } }];
    }
    case 'IssueApiToken': {
      const { accountId, tokenId, tokenHash, expiresAt } = command.data;
      adminOnly(actor, 'issue API tokens');
      const account = existing(state, accountId);
      const name = validText(
        command.data.name,
        maxApiTokenNameLength,
        'API_TOKEN_NAME_INVALID',
        'A token name',
      );
      const issued = apiTokenOf(account, tokenId);
      if (issued) {
        // The same issue sent again changes nothing; anything else under that id is another token.
        if (!issued.revoked && sameToken(issued, name, tokenHash, expiresAt)) return [];
        throw conflict(
          'API_TOKEN_ALREADY_ISSUED',
          `Token ${tokenId} was already issued${issued.revoked ? ' and is revoked' : ' with other details'}`,
          { tokenId, revoked: issued.revoked },
        );
      }
      if (account.status === 'disabled') {
        throw ruleBroken('ACCOUNT_DISABLED', `Account ${accountId} is disabled and receives no tokens`);
      }
      // Not-a-number (an unreadable instant) fails the comparison too.
      if (expiresAt !== null && !(Date.parse(expiresAt) > Date.parse(now))) {
        throw ruleBroken('API_TOKEN_EXPIRY_IN_PAST', `A token expires after it is issued (${now})`, {
          expiresAt,
          now,
        });
      }
      return [
        {
          type: 'AccountApiTokenIssued',
          data: { accountId, tokenId, name, tokenHash: validTokenHash(tokenHash), expiresAt, issuedAt: now },
        },
      ];
    }
    case 'RevokeApiToken': {
      const { accountId, tokenId } = command.data;
      adminOnly(actor, 'revoke API tokens');
      // Also on a disabled account: taking a credential away is always allowed.
      const token = apiTokenOf(existing(state, accountId), tokenId);
      if (!token) {
        throw notFound('API_TOKEN_NOT_FOUND', `Account ${accountId} has no token ${tokenId}`, { tokenId });
      }
      if (token.revoked) {
        throw conflict('API_TOKEN_ALREADY_REVOKED', `Token ${tokenId} is already revoked`, { tokenId });
      }
      return [{ type: 'AccountApiTokenRevoked', data: { accountId, tokenId, revokedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: initialAccountState,
  evolve: evolveAccount,
  decide: decideAccount,
};
