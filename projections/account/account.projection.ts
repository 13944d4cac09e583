import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore } from '../row-store.js';
import type { AccountTables } from './account.tables.js';

const handled = [
  'AccountCreated',
  'AccountPasswordSet',
  'AccountRoleGranted',
  'AccountRoleRevoked',
  'AccountDisabled',
  'AccountEnabled',
  'AccountApiTokenIssued',
  'AccountApiTokenRevoked',
] as const;

type Data = Record<string, unknown> & { accountId: string };

/** A role for every tenant is stored under '*', so that the key has no null in it. */
export const everyTenant = '*';
const tenantKey = (tenantId: unknown) => (typeof tenantId === 'string' ? tenantId : everyTenant);

/** Accounts, the roles they hold now and their API tokens: what logging in and authorizing a request read. */
export const accountProjection: Projection<AccountTables> = {
  name: 'accounts',
  version: 2,
  tables: ['account_list', 'account_roles', 'account_tokens'],
  rows: {
    account_list: { key: ['home_tenant_id', 'account_id'] },
    account_roles: { key: ['home_tenant_id', 'account_id', 'role', 'tenant_key'] },
    // `account`: an account's tokens, since a revocation names the token's id, not its hash.
    account_tokens: { key: ['token_hash'], groups: { account: ['home_tenant_id', 'account_id'] } },
  },
  handles: handled,

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('account_list')
      .ifNotExists()
      .addColumn('home_tenant_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('disabled', 'boolean', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_list_pkey', ['home_tenant_id', 'account_id'])
      .execute();
    // Logging in looks an account up by e-mail alone; the write side keeps addresses unique.
    await db.schema
      .createIndex('account_list_email')
      .ifNotExists()
      .on('account_list')
      .column('email')
      .execute();
    await db.schema
      .createIndex('account_list_tenant_email')
      .ifNotExists()
      .on('account_list')
      .columns(['home_tenant_id', 'email', 'account_id'])
      .execute();
    await db.schema
      .createTable('account_roles')
      .ifNotExists()
      .addColumn('home_tenant_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('tenant_key', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_roles_pkey', ['home_tenant_id', 'account_id', 'role', 'tenant_key'])
      .execute();
    await db.schema
      .createIndex('account_roles_tenant_role')
      .ifNotExists()
      .on('account_roles')
      .columns(['tenant_key', 'role'])
      .execute();
    await db.schema
      .createTable('account_tokens')
      .ifNotExists()
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('token_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('home_tenant_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('account_tokens_account')
      .ifNotExists()
      .on('account_tokens')
      .columns(['home_tenant_id', 'account_id', 'issued_at'])
      .execute();
  },

  needs(event: RecordedEvent): Need<AccountTables>[] {
    if (event.type === 'AccountCreated' || event.type === 'AccountRoleGranted') return [];
    const key = {
      home_tenant_id: event.metadata.tenantId as string,
      account_id: event.data.accountId as string,
    };
    if (event.type === 'AccountApiTokenIssued')
      return [{ table: 'account_tokens', key: { token_hash: event.data.tokenHash as string } }];
    if (event.type === 'AccountApiTokenRevoked') return [{ table: 'account_tokens', key, group: 'account' }];
    if (event.type === 'AccountRoleRevoked')
      return [
        {
          table: 'account_roles',
          key: { ...key, role: event.data.role as string, tenant_key: tenantKey(event.data.tenantId) },
        },
      ];
    return [{ table: 'account_list', key }];
  },

  async apply(event: RecordedEvent, rows: RowStore<AccountTables>) {
    const home = event.metadata.tenantId as string;
    const d = event.data as Data;
    const key = { home_tenant_id: home, account_id: d.accountId };
    switch (event.type) {
      case 'AccountCreated':
        rows.put('account_list', {
          ...key,
          email: d.email as string,
          display_name: d.displayName as string,
          person_id: (d.personId as string | null | undefined) ?? null,
          password_hash: null,
          disabled: false,
          created_at: d.createdAt as string,
          updated_at: d.createdAt as string,
        });
        return;
      case 'AccountPasswordSet':
        await rows.update('account_list', key, {
          password_hash: d.passwordHash as string,
          updated_at: d.setAt as string,
        });
        return;
      case 'AccountDisabled':
        await rows.update('account_list', key, { disabled: true, updated_at: d.disabledAt as string });
        return;
      case 'AccountEnabled':
        await rows.update('account_list', key, { disabled: false, updated_at: d.enabledAt as string });
        return;
      case 'AccountRoleGranted':
        rows.put('account_roles', {
          ...key,
          role: d.role as string,
          tenant_key: tenantKey(d.tenantId),
          granted_at: d.grantedAt as string,
        });
        return;
      case 'AccountRoleRevoked':
        await rows.delete('account_roles', {
          ...key,
          role: d.role as string,
          tenant_key: tenantKey(d.tenantId),
        });
        return;
      case 'AccountApiTokenIssued':
        // The write side cannot see other accounts' tokens, so two could share a secret (and a hash): the
        // first keeps it, and the later one never authenticates rather than take it over.
        await rows.insertIfAbsent('account_tokens', {
          token_hash: d.tokenHash as string,
          token_id: d.tokenId as string,
          account_id: d.accountId,
          home_tenant_id: home,
          name: d.name as string,
          expires_at: (d.expiresAt as string | null | undefined) ?? null,
          revoked_at: null,
          issued_at: d.issuedAt as string,
        });
        return;
      case 'AccountApiTokenRevoked': {
        const tokens = await rows.list('account_tokens', 'account', key);
        const token = tokens.find((row) => row.token_id === d.tokenId);
        if (token)
          await rows.update(
            'account_tokens',
            { token_hash: token.token_hash },
            { revoked_at: d.revokedAt as string },
          );
        return;
      }
      default:
        return;
    }
  },
};
