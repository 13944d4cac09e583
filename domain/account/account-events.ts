import type { DomainEvent, Role } from '../shared/index.js';

/** The home tenant of the IT team's own accounts; every other home is a client tenant. */
export const MSP_TENANT = 'msp';

/** Roles a client's account may hold, for its own tenant only. */
export const clientRoles = ['client_manager', 'employee'] as const satisfies readonly Role[];
/** Roles only the IT team's accounts (home `MSP_TENANT`) may hold. */
export const mspRoles = ['technician', 'msp_admin'] as const satisfies readonly Role[];

/** Who an account is; the e-mail address is lower-case and unique across the whole system. */
export interface AccountDetails {
  accountId: string;
  email: string;
  displayName: string;
  /** The tenant the account belongs to: `MSP_TENANT` for the IT team, else a client tenant. */
  homeTenantId: string;
  /** The person record that is this account's holder (client accounts), if any. */
  personId: string | null;
}

export type AccountCreated = DomainEvent<'AccountCreated', AccountDetails & { createdAt: string }>;
/** `passwordHash`: `scrypt$<N>$<r>$<p>$<salt>$<hash>`, made by the command handler; never the password. */
export type AccountPasswordSet = DomainEvent<
  'AccountPasswordSet',
  { accountId: string; passwordHash: string; setAt: string }
>;
/** `tenantId`: the tenant the role applies to; `null` means every tenant. */
export type AccountRoleGranted = DomainEvent<
  'AccountRoleGranted',
  { accountId: string; role: Role; tenantId: string | null; grantedAt: string }
>;
export type AccountRoleRevoked = DomainEvent<
  'AccountRoleRevoked',
  { accountId: string; role: Role; tenantId: string | null; revokedAt: string }
>;
export type AccountDisabled = DomainEvent<
  'AccountDisabled',
  { accountId: string; reason: string; disabledAt: string }
>;
export type AccountEnabled = DomainEvent<'AccountEnabled', { accountId: string; enabledAt: string }>;
/**
 * An API token for machine access as the account. `tokenHash`: the SHA-256 of the secret, in lower-case hex,
 * made by the command handler; never the secret. `expiresAt`: null when the token does not expire.
 */
export type AccountApiTokenIssued = DomainEvent<
  'AccountApiTokenIssued',
  {
    accountId: string;
    tokenId: string;
    name: string;
    tokenHash: string;
    expiresAt: string | null;
    issuedAt: string;
  }
>;
export type AccountApiTokenRevoked = DomainEvent<
  'AccountApiTokenRevoked',
  { accountId: string; tokenId: string; revokedAt: string }
>;

export type AccountEvent =
  | AccountCreated
  | AccountPasswordSet
  | AccountRoleGranted
  | AccountRoleRevoked
  | AccountDisabled
  | AccountEnabled
  | AccountApiTokenIssued
  | AccountApiTokenRevoked;

/** The shape of a stored password hash (see commands/account/password.ts); base64url salt and key. */
export const passwordHashPattern = '^scrypt\\$[0-9]+\\$[0-9]+\\$[0-9]+\\$[A-Za-z0-9_-]+\\$[A-Za-z0-9_-]+$';

/** The shape of a stored API token hash (see commands/account/api-token.ts): SHA-256 in lower-case hex. */
export const apiTokenHashPattern = '^[0-9a-f]{64}$';
