import type { CommandContext, Role } from '../shared/index.js';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandContext;
}

/**
 * Creates an account whose home is the command's tenant, with its first password. `passwordHash` is
 * made by the command handler: the domain never sees a password.
 */
export type CreateAccount = Command<
  'CreateAccount',
  { accountId: string; email: string; displayName: string; personId: string | null; passwordHash: string }
>;
export type SetAccountPassword = Command<'SetAccountPassword', { accountId: string; passwordHash: string }>;
export type GrantAccountRole = Command<
  'GrantAccountRole',
  { accountId: string; role: Role; tenantId: string | null }
>;
export type RevokeAccountRole = Command<
  'RevokeAccountRole',
  { accountId: string; role: Role; tenantId: string | null }
>;
export type DisableAccount = Command<'DisableAccount', { accountId: string; reason: string }>;
export type EnableAccount = Command<'EnableAccount', { accountId: string }>;
/**
 * Issues an API token to the account. `tokenHash` is made by the command handler: the domain never sees the
 * secret. `expiresAt`: an instant after the command's `now`, or null for a token that does not expire.
 */
export type IssueApiToken = Command<
  'IssueApiToken',
  { accountId: string; tokenId: string; name: string; tokenHash: string; expiresAt: string | null }
>;
export type RevokeApiToken = Command<'RevokeApiToken', { accountId: string; tokenId: string }>;

export type AccountCommand =
  | CreateAccount
  | SetAccountPassword
  | GrantAccountRole
  | RevokeAccountRole
  | DisableAccount
  | EnableAccount
  | IssueApiToken
  | RevokeApiToken;
