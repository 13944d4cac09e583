import { type Kysely, sql } from 'kysely';
import { decodeCursor as decode, pageLimit, pageOf } from '../pagination.js';
import { everyTenant } from './account.projection.js';
import type { AccountTables } from './account.tables.js';

/** A role an account holds: for one tenant, or (tenantId null) for every tenant. */
export interface AccountRole {
  role: string;
  tenantId: string | null;
}

export interface LoginAccount {
  accountId: string;
  homeTenantId: string;
  email: string;
  displayName: string;
  personId: string | null;
  passwordHash: string | null;
  disabled: boolean;
  roles: AccountRole[];
}

const roleOf = (row: { role: string; tenant_key: string }): AccountRole => ({
  role: row.role,
  tenantId: row.tenant_key === everyTenant ? null : row.tenant_key,
});

/** An `account_list` row's roles as one JSON column, in role and tenant order: no query per account. */
const rolesColumn = sql<Array<{ role: string; tenant_key: string }>>`coalesce((
  select json_agg(json_build_object('role', r.role, 'tenant_key', r.tenant_key) order by r.role, r.tenant_key)
    from account_roles r
   where r.home_tenant_id = account_list.home_tenant_id and r.account_id = account_list.account_id
), '[]'::json)`.as('roles');

const rolesOf = async (db: Kysely<AccountTables>, homeTenantId: string, accountId: string) => {
  const rows = await db
    .selectFrom('account_roles')
    .select(['role', 'tenant_key'])
    .where('home_tenant_id', '=', homeTenantId)
    .where('account_id', '=', accountId)
    .orderBy('role')
    .orderBy('tenant_key')
    .execute();
  return rows.map(roleOf);
};

/**
 * The account an e-mail address logs in to, with its password hash and roles. The one query that takes no
 * tenant: logging in is how the caller's tenant becomes known. Only the login path may call it.
 */
export const findLoginAccount = async (
  db: Kysely<AccountTables>,
  email: string,
): Promise<LoginAccount | undefined> => {
  const row = await db
    .selectFrom('account_list')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    homeTenantId: row.home_tenant_id,
    email: row.email,
    displayName: row.display_name,
    personId: row.person_id,
    passwordHash: row.password_hash,
    disabled: row.disabled,
    roles: await rolesOf(db, row.home_tenant_id, row.account_id),
  };
};

export type AccountCard = Omit<LoginAccount, 'passwordHash'> & { createdAt: Date; updatedAt: Date };

/** One account whose home is the tenant, without its password hash; undefined for another tenant's. */
export const accountCard = async (
  db: Kysely<AccountTables>,
  tenantId: string,
  accountId: string,
): Promise<AccountCard | undefined> => {
  // One round trip with the roles folded in: every authenticated request reads this.
  const row = await db
    .selectFrom('account_list')
    .selectAll()
    .select(rolesColumn)
    .where('home_tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    homeTenantId: row.home_tenant_id,
    email: row.email,
    displayName: row.display_name,
    personId: row.person_id,
    disabled: row.disabled,
    roles: row.roles.map(roleOf),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

/** The accounts whose home is the tenant with their roles, by e-mail address, a page at a time; no password hashes. */
export const listAccounts = async (
  db: Kysely<AccountTables>,
  tenantId: string,
  page: { cursor?: string; limit?: number } = {},
) => {
  const limit = pageLimit(page.limit);
  let query = db
    .selectFrom('account_list')
    .select(['account_id', 'email', 'display_name', 'person_id', 'disabled', 'created_at'])
    .select(rolesColumn)
    .where('home_tenant_id', '=', tenantId);
  if (page.cursor) {
    const [email, accountId] = decode(page.cursor) as [string, string];
    query = query.where(sql<boolean>`(email, account_id) > (${email}, ${accountId})`);
  }
  const rows = await query
    .orderBy('email')
    .orderBy('account_id')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows.map((row) => ({ ...row, roles: row.roles.map(roleOf) })),
    limit,
    (last) => [last.email, last.account_id],
  );
};

/** An API token as authentication sees it; whether it is in force is the caller's to judge, at its own clock. */
export interface ApiTokenLookup {
  tokenId: string;
  accountId: string;
  /** The account's home tenant, to load the account itself (`accountCard`) and its roles. */
  homeTenantId: string;
  name: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/**
 * The token whose secret hashes to `tokenHash` (SHA-256, lower-case hex), revoked and expired ones included.
 * Like `findLoginAccount`, it takes no tenant: presenting the token is how the caller's tenant becomes known.
 * Only the authentication path may call it.
 */
export const findApiToken = async (
  db: Kysely<AccountTables>,
  tokenHash: string,
): Promise<ApiTokenLookup | undefined> => {
  const row = await db
    .selectFrom('account_tokens')
    .select(['token_id', 'account_id', 'home_tenant_id', 'name', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenId: row.token_id,
    accountId: row.account_id,
    homeTenantId: row.home_tenant_id,
    name: row.name,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
};

export interface ApiTokenSummary {
  tokenId: string;
  accountId: string;
  name: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  issuedAt: Date;
}

/**
 * The API tokens of an account whose home is the tenant, revoked ones included, oldest first; never their
 * hashes. Empty for another tenant's account.
 */
export const listApiTokens = async (
  db: Kysely<AccountTables>,
  homeTenantId: string,
  accountId: string,
): Promise<ApiTokenSummary[]> => {
  const rows = await db
    .selectFrom('account_tokens')
    .select(['token_id', 'account_id', 'name', 'expires_at', 'revoked_at', 'issued_at'])
    .where('home_tenant_id', '=', homeTenantId)
    .where('account_id', '=', accountId)
    .orderBy('issued_at')
    .orderBy('token_id')
    .execute();
  return rows.map((row) => ({
    tokenId: row.token_id,
    accountId: row.account_id,
    name: row.name,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    issuedAt: row.issued_at,
  }));
};
