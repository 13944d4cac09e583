import { assertNever, type Role } from '../shared/index.js';
import type { AccountDetails, AccountEvent } from './account-events.js';

/** One role held for one tenant (`null`: every tenant). */
export interface RoleGrant {
  role: Role;
  tenantId: string | null;
}

interface Known {
  account: AccountDetails;
  roles: RoleGrant[];
  /** Whether a password was ever set; the hash itself is not needed to decide anything. */
  hasPassword: boolean;
}

/** An account of the panel: active, or disabled (it keeps its roles, but receives no new ones). */
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
  const { account, roles, hasPassword } = known(state);
  return { account, roles, hasPassword };
};

export const evolveAccount = (state: AccountState, event: AccountEvent): AccountState => {
  switch (event.type) {
    case 'AccountCreated': {
      const { createdAt: _, ...account } = event.data;
      return { status: 'active', account, roles: [], hasPassword: false };
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
    default:
      return assertNever(event);
  }
};
