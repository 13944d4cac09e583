import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type Kysely, sql } from 'kysely';
import {
  createAccount,
  disableAccount,
  enableAccount,
  grantAccountRole,
  issueApiToken,
  revokeAccountRole,
  revokeApiToken,
  setAccountPassword,
} from '../../commands/account/account-command-handlers.js';
import { hashApiToken } from '../../commands/account/api-token.js';
import { verifyPassword } from '../../commands/account/password.js';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { MSP_TENANT } from '../../domain/account/index.js';
import type { EventStore } from '../../event-store/index.js';
import {
  type AccountTables,
  accountCard,
  accountProjection,
  auditProjection,
  findApiToken,
  findLoginAccount,
  listAccounts,
  listApiTokens,
  type ProjectionRunner,
} from '../../projections/index.js';
import { openProjectionHarness } from '../support/projections.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const admin = (tenantId: string): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'admin-1', role: 'msp_admin' },
  now: '2026-03-02T10:00:00.000Z',
});

describe('Account projection: logging in and the accounts of a tenant', function () {
  this.timeout(60_000);
  let store: EventStore;
  let db: Kysely<AccountTables>;
  let runner: ProjectionRunner;

  const run = async <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) => {
    const result = await executeCommand({ store }, definition, payload, env);
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 10_000)).to.equal(true);
    return result;
  };
  const account = async (tenantId: string, email: string, password = 'correct horse battery') => {
    const accountId = randomUUID();
    await run(
      createAccount,
      { accountId, email, displayName: email.split('@')[0], password },
      admin(tenantId),
    );
    return accountId;
  };

  const secret = () => `itp_t_${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '')}`;
  const issue = async (tenantId: string, accountId: string, fields: Record<string, unknown> = {}) => {
    const token = { accountId, tokenId: randomUUID(), name: 'Backup agent', secret: secret(), ...fields };
    await run(issueApiToken, token, admin(tenantId));
    return token as typeof token & { secret: string };
  };

  before(async () => {
    ({ store, db, runner } = await openProjectionHarness<AccountTables>(
      [accountProjection, auditProjection],
      'accounts',
    ));
  });
  after(() => runner.stop());

  it('finds an account by its e-mail in any case, with a hash that verifies its password and its roles', async () => {
    const email = `anna.${randomUUID().slice(0, 8)}@client-a.example`;
    const accountId = await account(tenantA, email);
    await run(grantAccountRole, { accountId, role: 'client_manager', tenantId: tenantA }, admin(tenantA));

    const found = await findLoginAccount(db, `  ${email.toUpperCase()} `);
    expect(found).to.include({ accountId, homeTenantId: tenantA, email, disabled: false });
    expect(found?.roles).to.deep.equal([{ role: 'client_manager', tenantId: tenantA }]);
    expect(await verifyPassword('correct horse battery', found?.passwordHash ?? '')).to.equal(true);
    expect(await verifyPassword('wrong horse battery', found?.passwordHash ?? '')).to.equal(false);
    expect(await findLoginAccount(db, 'nobody@client-a.example')).to.equal(undefined);
  });

  it('keeps a role for every tenant, drops a revoked one, and follows disabling and a new password', async () => {
    const accountId = await account(MSP_TENANT, `tech.${randomUUID().slice(0, 8)}@msp.example`);
    await run(grantAccountRole, { accountId, role: 'technician', tenantId: null }, admin(MSP_TENANT));
    await run(grantAccountRole, { accountId, role: 'auditor', tenantId: tenantA }, admin(MSP_TENANT));
    await run(revokeAccountRole, { accountId, role: 'auditor', tenantId: tenantA }, admin(MSP_TENANT));
    await run(disableAccount, { accountId, reason: 'left the company' }, admin(MSP_TENANT));
    await run(setAccountPassword, { accountId, password: 'a brand new passphrase' }, admin(MSP_TENANT));

    const card = await accountCard(db, MSP_TENANT, accountId);
    expect(card).to.include({ accountId, disabled: true });
    expect(card?.roles).to.deep.equal([{ role: 'technician', tenantId: null }]);
    expect(card).not.to.have.property('passwordHash');
    const login = await findLoginAccount(db, card?.email ?? '');
    expect(await verifyPassword('a brand new passphrase', login?.passwordHash ?? '')).to.equal(true);
    expect(await verifyPassword('correct horse battery', login?.passwordHash ?? '')).to.equal(false);

    await run(enableAccount, { accountId }, admin(MSP_TENANT));
    expect(await accountCard(db, MSP_TENANT, accountId)).to.include({ disabled: false });
  });

  it("lists a tenant's own accounts by e-mail with their roles, a page at a time, and never another tenant's", async () => {
    const mine = [];
    for (const name of ['cezary', 'adam', 'beata'])
      mine.push(await account(tenantB, `${name}@client-b.example`));
    const other = await account(tenantA, `${randomUUID().slice(0, 8)}@client-a.example`);
    const adam = mine[1] as string;
    await run(
      grantAccountRole,
      { accountId: adam, role: 'client_manager', tenantId: tenantB },
      admin(tenantB),
    );
    await run(grantAccountRole, { accountId: adam, role: 'auditor', tenantId: tenantB }, admin(tenantB));

    const first = await listAccounts(db, tenantB, { limit: 2 });
    const second = await listAccounts(db, tenantB, { limit: 2, cursor: first.nextCursor as string });
    expect([...first.items, ...second.items].map((a) => a.email)).to.deep.equal([
      'adam@client-b.example',
      'beata@client-b.example',
      'cezary@client-b.example',
    ]);
    expect(second.nextCursor).to.equal(undefined);
    expect(first.items[0]).not.to.have.property('password_hash');
    // Each row carries its roles, as the account's card does: no read per account to show them.
    expect(first.items.map((row) => row.roles)).to.deep.equal([
      [
        { role: 'auditor', tenantId: tenantB },
        { role: 'client_manager', tenantId: tenantB },
      ],
      [],
    ]);
    expect(await accountCard(db, tenantB, other)).to.equal(undefined);
    expect(await accountCard(db, tenantB, mine[0] as string)).to.include({ homeTenantId: tenantB });
  });

  it('finds an API token by the hash of its secret, with its account and home tenant, until and after revocation', async () => {
    const accountId = await account(tenantA, `robot.${randomUUID().slice(0, 8)}@client-a.example`);
    const lasting = await issue(tenantA, accountId);
    const expiring = await issue(tenantA, accountId, {
      name: 'Monitoring',
      expiresAt: '2026-06-01T02:00:00+02:00',
    });

    expect(await findApiToken(db, hashApiToken(lasting.secret))).to.deep.equal({
      tokenId: lasting.tokenId,
      accountId,
      homeTenantId: tenantA,
      name: 'Backup agent',
      expiresAt: null,
      revokedAt: null,
    });
    expect((await findApiToken(db, hashApiToken(expiring.secret)))?.expiresAt?.toISOString()).to.equal(
      '2026-06-01T00:00:00.000Z',
    );
    expect(await findApiToken(db, hashApiToken(secret()))).to.equal(undefined);
    expect(await findApiToken(db, lasting.secret), 'the secret itself is not a key').to.equal(undefined);

    await run(revokeApiToken, { accountId, tokenId: lasting.tokenId }, admin(tenantA));
    const revoked = await findApiToken(db, hashApiToken(lasting.secret));
    expect(revoked?.revokedAt?.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
    expect((await findApiToken(db, hashApiToken(expiring.secret)))?.revokedAt).to.equal(null);
  });

  it("lists an account's tokens, revoked ones too, without hashes, and none of another tenant's account", async () => {
    const accountId = await account(tenantB, `robots.${randomUUID().slice(0, 8)}@client-b.example`);
    const first = await issue(tenantB, accountId, { name: 'First' });
    const second = await issue(tenantB, accountId, { name: 'Second', expiresAt: '2027-01-01T00:00:00Z' });
    await run(revokeApiToken, { accountId, tokenId: first.tokenId }, admin(tenantB));

    const tokens = await listApiTokens(db, tenantB, accountId);
    expect(tokens.map(({ tokenId, name }) => ({ tokenId, name }))).to.deep.equal(
      [first, second]
        .map(({ tokenId, name }) => ({ tokenId, name }))
        .sort((a, b) => a.tokenId.localeCompare(b.tokenId)),
    );
    const byName = Object.fromEntries(tokens.map((token) => [token.name, token]));
    expect(byName.First?.revokedAt).to.be.instanceOf(Date);
    expect(byName.Second).to.deep.include({ accountId, revokedAt: null });
    expect(byName.Second?.expiresAt?.toISOString()).to.equal('2027-01-01T00:00:00.000Z');
    expect(byName.Second?.issuedAt.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
    expect(JSON.stringify(tokens)).not.to.include(hashApiToken(first.secret));
    expect(tokens[0]).not.to.have.property('tokenHash');
    expect(await listApiTokens(db, tenantA, accountId)).to.deep.equal([]);
  });

  it('keeps a hash with the token first issued under it, even if another account is later given the same secret', async () => {
    const first = await account(tenantA, `first.${randomUUID().slice(0, 8)}@client-a.example`);
    const second = await account(tenantB, `second.${randomUUID().slice(0, 8)}@client-b.example`);
    const shared = secret();
    const token = await issue(tenantA, first, { secret: shared });
    const copy = await issue(tenantB, second, { secret: shared });
    expect(await findApiToken(db, hashApiToken(shared))).to.include({
      tokenId: token.tokenId,
      accountId: first,
      homeTenantId: tenantA,
    });
    await run(revokeApiToken, { accountId: second, tokenId: copy.tokenId }, admin(tenantB));
    expect(await findApiToken(db, hashApiToken(shared))).to.include({
      tokenId: token.tokenId,
      revokedAt: null,
    });
  });

  it('shows in the audit log that a token was issued, never its hash or secret', async () => {
    const accountId = await account(tenantA, `audited.token.${randomUUID().slice(0, 8)}@client-a.example`);
    const token = await issue(tenantA, accountId);
    const { rows } = await sql<{ data: Record<string, unknown> }>`
      select data from audit_log where tenant_id = ${tenantA} and event_type = 'AccountApiTokenIssued'
         and data->>'accountId' = ${accountId}`.execute(db);
    expect(rows).to.have.length(1);
    expect(rows[0]?.data).to.deep.include({
      tokenId: token.tokenId,
      name: 'Backup agent',
      tokenHash: '[redacted]',
    });
    const { rows: everything } = await sql<{ text: string }>`
      select string_agg(data::text, ' ') as text from audit_log where tenant_id = ${tenantA}`.execute(db);
    expect(everything[0]?.text).not.to.include(hashApiToken(token.secret));
    expect(everything[0]?.text).not.to.include(token.secret);
  });

  it('shows in the audit log that a password was set, never the hash', async () => {
    const accountId = await account(tenantA, `audited.${randomUUID().slice(0, 8)}@client-a.example`);
    const { rows } = await sql<{ data: Record<string, unknown> }>`
      select data from audit_log where tenant_id = ${tenantA} and event_type = 'AccountPasswordSet'
         and data->>'accountId' = ${accountId}`.execute(db);
    expect(rows).to.have.length(1);
    expect(rows[0]?.data.passwordHash).to.equal('[redacted]');
    const { rows: everything } = await sql<{ text: string }>`
      select string_agg(data::text, ' ') as text from audit_log where tenant_id = ${tenantA}`.execute(db);
    expect(everything[0]?.text).not.to.include('scrypt$');
  });
});
