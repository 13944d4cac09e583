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

/**
 * One row per API token ever issued, revoked ones included, found by the hash of its secret. The hash is the
 * key: authentication knows nothing else yet, not even the tenant.
 */
export interface AccountTokenTable {
  /** SHA-256 of the secret, lower-case hex. */
  token_hash: string;
  token_id: string;
  account_id: string;
  home_tenant_id: string;
  name: string;
  /** Null: the token does not expire. */
  expires_at: ColumnType<Date | null, string | null, string | null>;
  /** Null while the token is in force. */
  revoked_at: ColumnType<Date | null, string | null, string | null>;
  issued_at: Instant;
}

export interface AccountTables {
  account_list: AccountListTable;
  account_roles: AccountRoleTable;
  account_tokens: AccountTokenTable;
}
