import { assertNever, type Role } from '../shared/index.js';
import type { AccountDetails, AccountEvent } from './account-events.js';

/** One role held for one tenant (`null`: every tenant). */
export interface RoleGrant {
  role: Role;
  tenantId: string | null;
}

/** An API token issued to the account; revoked tokens are kept, so their ids are never reused. */
export interface ApiToken {
  tokenId: string;
  name: string;
  /** Kept to tell a repeated issue (same token) from a different token under the same id. */
  tokenHash: string;
  expiresAt: string | null;
  revoked: boolean;
}

interface Known {
  account: AccountDetails;
  roles: RoleGrant[];
  /** Whether a password was ever set; the hash itself is not needed to decide anything. */
  hasPassword: boolean;
  tokens: ApiToken[];
}

/**
 * An account of the panel: active, or disabled (it keeps its roles and tokens, but receives no new ones;
 * authentication refuses a disabled account whatever it presents).
 */
export type AccountState =
  | { status: 'absent' }
  | ({ status: 'active' } & Known)
  | ({ status: 'disabled' } & Known);

export type ExistingAccountState = Exclude<AccountState, { status: 'absent' }>;

export const initialAccountState: AccountState = { status: 'absent' };

/** Whether the account holds `role` for exactly `tenantId`. */
export const holdsRole = (state: ExistingAccountState, role: Role, tenantId: string | null) =>
  state.roles.some((grant) => grant.role === role && grant.tenantId === tenantId);

const known = (state: AccountState): ExistingAccountState => {
  if (state.status === 'absent') throw new Error('Event applied to an account that was never created');
  return state;
};

const knownOf = (state: AccountState): Known => {
  const { account, roles, hasPassword, tokens } = known(state);
  return { account, roles, hasPassword, tokens };
};

/** The token issued under `tokenId`, revoked or not; undefined when none was. */
export const apiTokenOf = (state: ExistingAccountState, tokenId: string) =>
  state.tokens.find((token) => token.tokenId === tokenId);

export const evolveAccount = (state: AccountState, event: AccountEvent): AccountState => {
  switch (event.type) {
    case 'AccountCreated': {
      const { createdAt: _, ...account } = event.data;
      return { status: 'active', account, roles: [], hasPassword: false, tokens: [] };
    }
    case 'AccountPasswordSet':
      return { ...known(state), hasPassword: true };
    case 'AccountRoleGranted': {
      const current = known(state);
      const { role, tenantId } = event.data;
      return { ...current, roles: [...current.roles, { role, tenantId }] };
    }
    case 'AccountRoleRevoked': {
      const current = known(state);
      const { role, tenantId } = event.data;
      return {
        ...current,
        roles: current.roles.filter((grant) => !(grant.role === role && grant.tenantId === tenantId)),
      };
    }
    case 'AccountDisabled':
      return { status: 'disabled', ...knownOf(state) };
    case 'AccountEnabled':
      return { status: 'active', ...knownOf(state) };
    case 'AccountApiTokenIssued': {
      const current = known(state);
      const { tokenId, name, tokenHash, expiresAt } = event.data;
      return {
        ...current,
        tokens: [...current.tokens, { tokenId, name, tokenHash, expiresAt, revoked: false }],
      };
    }
    case 'AccountApiTokenRevoked': {
      const current = known(state);
      const { tokenId } = event.data;
      return {
        ...current,
        tokens: current.tokens.map((token) =>
          token.tokenId === tokenId ? { ...token, revoked: true } : token,
        ),
      };
    }
    default:
      return assertNever(event);
  }
};
