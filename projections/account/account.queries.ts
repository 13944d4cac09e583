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

const rolesOf = async (db: Kysely<AccountTables>, homeTenantId: string, accountId: string) => {
  const rows = await db
    .selectFrom('account_roles')
    .select(['role', 'tenant_key'])
    .where('home_tenant_id', '=', homeTenantId)
    .where('account_id', '=', accountId)
    .orderBy('role')
    .orderBy('tenant_key')
    .execute();
  return rows.map((row) => ({
    role: row.role,
    tenantId: row.tenant_key === everyTenant ? null : row.tenant_key,
  }));
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
  const row = await db
    .selectFrom('account_list')
    .selectAll()
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
    roles: await rolesOf(db, tenantId, accountId),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

/** The accounts whose home is the tenant, by e-mail address, a page at a time; no password hashes. */
export const listAccounts = async (
  db: Kysely<AccountTables>,
  tenantId: string,
  page: { cursor?: string; limit?: number } = {},
) => {
  const limit = pageLimit(page.limit);
  let query = db
    .selectFrom('account_list')
    .select(['account_id', 'email', 'display_name', 'person_id', 'disabled', 'created_at'])
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
  return pageOf(rows, limit, (last) => [last.email, last.account_id]);
};
