import type { ColumnType } from 'kysely';

type Instant = ColumnType<Date, string, string>;

/** One row per account: who can log in, from which home tenant, and whether they may. */
export interface AccountListTable {
  home_tenant_id: string;
  account_id: string;
  /** Lower-case; unique across the whole system, since logging in comes before knowing the tenant. */
  email: string;
  display_name: string;
  person_id: string | null;
  /** The latest scrypt hash; null until a password is set. */
  password_hash: string | null;
  disabled: boolean;
  created_at: Instant;
  updated_at: Instant;
}

/** The roles an account holds now, each for one tenant or, with `tenant_key` '*', for every tenant. */
export interface AccountRoleTable {
  home_tenant_id: string;
  account_id: string;
  role: string;
  tenant_key: string;
  granted_at: Instant;
}

export interface AccountTables {
  account_list: AccountListTable;
  account_roles: AccountRoleTable;
}
