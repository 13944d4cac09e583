import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  accountCommandHandlers,
  accountCommands,
  createAccount as createAccountWithDefaultCost,
} from '../../commands/account/account-command-handlers.js';
import { hashApiToken } from '../../commands/account/api-token.js';
import { hashPassword, verifyPassword } from '../../commands/account/password.js';
import {
  type CommandDefinition,
  CommandValidationError,
  executeCommand,
} from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { accountEmailStream, accountStream } from '../../commands/streams.js';
import { MSP_TENANT } from '../../domain/account/index.js';
import { type Actor, DomainError } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { failureOf } from '../support/commands.js';
import { collect } from '../support/events.js';
import { commandStores } from '../support/stores.js';

/** scrypt at N = 2^10: the format and the checks are the same, the specs stay fast. */
const cheap = { N: 2 ** 10, r: 8, p: 1 };
const {
  createAccount,
  setAccountPassword,
  grantAccountRole,
  revokeAccountRole,
  disableAccount,
  enableAccount,
  issueApiToken,
  revokeApiToken,
} = accountCommandHandlers({ passwordCost: cheap });

const admin: Actor = { id: 'admin-1', role: 'msp_admin' };
const envelope = (tenantId = 'tenant-a', actor: Actor = admin): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor,
  now: '2026-03-02T10:00:00.000Z',
});

const newEmail = () => `anna.${randomUUID().slice(0, 8)}@acme.pl`;
const password = 'correct horse battery staple';
const account = (overrides: Record<string, unknown> = {}) => ({
  accountId: randomUUID(),
  email: newEmail(),
  displayName: 'Anna Nowak',
  password,
  ...overrides,
});

describe('Account passwords (scrypt)', () => {
  it('verifies the password a hash was made from, in the stored format', async () => {
    const hash = await hashPassword(password, cheap);
    expect(hash).to.match(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword(password, hash)).to.equal(true);
  });
  it('hashes at N = 2^15, r = 8, p = 1 unless told otherwise', async () => {
    const hash = await hashPassword(password);
    expect(hash.startsWith('scrypt$32768$8$1$')).to.equal(true);
    expect(await verifyPassword(password, hash)).to.equal(true);
  });
  it('rejects a wrong password', async () => {
    const hash = await hashPassword(password, cheap);
    expect(await verifyPassword('correct horse battery stapler', hash)).to.equal(false);
    expect(await verifyPassword('', hash)).to.equal(false);
  });
  it('rejects a malformed hash without throwing', async () => {
    const hash = await hashPassword(password, cheap);
    const [, , , , salt, key] = hash.split('$');
    const malformed = [
      '',
      'not a hash',
      password,
      hash.replace('scrypt$', 'bcrypt$'),
      hash.slice(0, -10),
      `scrypt$1024$8$1$${salt?.slice(0, 11)}$${key}`,
      `${hash}$extra`,
      `scrypt$1000$8$1$${salt}$${key}`,
      `scrypt$${2 ** 30}$8$1$${salt}$${key}`,
      `scrypt$1024$0$1$${salt}$${key}`,
      `scrypt$1024$8$1$${salt}$not+base64/url`,
      `scrypt$1024$8$1$${salt}$`,
      `scrypt$-1024$8$1$${salt}$${key}`,
    ];
    for (const candidate of malformed) {
      expect(await verifyPassword(password, candidate), candidate).to.equal(false);
    }
  });
  it('gives the same password a different hash each time (a fresh salt)', async () => {
    const [first, second] = await Promise.all([hashPassword(password, cheap), hashPassword(password, cheap)]);
    expect(first).not.to.equal(second);
    expect(first?.split('$')[4]).not.to.equal(second?.split('$')[4]);
    expect(await verifyPassword(password, second)).to.equal(true);
  });
});

describe('API token hashes (SHA-256)', () => {
  it('hashes a secret as the lower-case hex SHA-256 of its UTF-8 bytes', () => {
    expect(hashApiToken('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiToken('zażółć gęślą jaźń')).to.match(/^[0-9a-f]{64}$/);
  });
  it('gives the same secret the same hash, so a token is found by its hash alone', () => {
    const secret = randomUUID() + randomUUID();
    expect(hashApiToken(secret)).to.equal(hashApiToken(secret));
    expect(hashApiToken(`${secret} `)).not.to.equal(hashApiToken(secret));
  });
});

for (const { name, create } of commandStores()) {
  describe(`Account commands (${name})`, () => {
    let store: EventStore;
    const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope()) =>
      executeCommand({ store }, definition, payload, env);
    const eventsOf = (stream: string) => collect(store.readStream(stream));
    const typesOf = async (stream: string) => (await eventsOf(stream)).map((e) => e.type);
    /** The stored hash of the account's latest password. */
    const storedHash = async (accountId: string) => {
      const sets = (await eventsOf(accountStream(accountId))).filter((e) => e.type === 'AccountPasswordSet');
      return sets.at(-1)?.data.passwordHash as string;
    };

    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates an account at home in the command tenant, with a hashed password and a reserved address', async () => {
      const anna = { ...account({ email: ' Anna.Nowak.X1@Acme.PL ' }), personId: randomUUID() };
      const result = await run(createAccount, anna);
      expect(result).to.include({ stream: accountStream(anna.accountId), revision: 1n });
      expect(result.eventTypes).to.deep.equal(['AccountCreated', 'AccountPasswordSet']);
      const [created, passwordSet] = await eventsOf(accountStream(anna.accountId));
      expect(created?.data).to.deep.include({
        accountId: anna.accountId,
        email: 'anna.nowak.x1@acme.pl',
        homeTenantId: 'tenant-a',
        personId: anna.personId,
      });
      expect(created?.metadata).to.include({ tenantId: 'tenant-a' });
      expect(passwordSet?.data.passwordHash).to.match(/^scrypt\$1024\$8\$1\$/);
      expect(await verifyPassword(password, passwordSet?.data.passwordHash as string)).to.equal(true);
      const [reservation] = await eventsOf(accountEmailStream('anna.nowak.x1@acme.pl'));
      expect(reservation?.type).to.equal('AccountEmailReserved');
      expect(reservation?.data).to.include({ accountId: anna.accountId, email: 'anna.nowak.x1@acme.pl' });
    });

    it('never records the plain password in any event', async () => {
      const anna = account({ password: 'Plain-Text-Secret-1234' });
      await run(createAccount, anna);
      await run(
        setAccountPassword,
        { accountId: anna.accountId, password: 'Another-Plain-Secret-5678' },
        envelope('tenant-a', { id: anna.accountId, role: 'employee' }),
      );
      const stored = [
        ...(await eventsOf(accountStream(anna.accountId))),
        ...(await eventsOf(accountEmailStream(anna.email))),
      ];
      expect(stored).to.have.length(4);
      const json = JSON.stringify(stored.map(({ data, metadata }) => ({ data, metadata })));
      expect(json).not.to.include('Plain-Text-Secret-1234');
      expect(json).not.to.include('Another-Plain-Secret-5678');
      expect(json).to.include('scrypt$');
    });

    it('hashes at the production cost by default', async () => {
      const anna = account();
      await executeCommand({ store }, createAccountWithDefaultCost, anna, envelope());
      expect(await storedHash(anna.accountId)).to.match(/^scrypt\$32768\$8\$1\$/);
    });

    it('creates an IT team account at home in the MSP tenant', async () => {
      const tech = account();
      await run(createAccount, tech, envelope(MSP_TENANT));
      await run(
        grantAccountRole,
        { accountId: tech.accountId, role: 'technician', tenantId: null },
        envelope(MSP_TENANT),
      );
      const [created, , granted] = await eventsOf(accountStream(tech.accountId));
      expect(created?.data).to.include({ homeTenantId: MSP_TENANT, personId: null });
      expect(granted?.data).to.include({ role: 'technician', tenantId: null });
    });

    it('refuses an e-mail address another account holds, in any tenant and any case', async () => {
      const email = newEmail();
      await run(createAccount, account({ email }));
      const other = account({ email: email.toUpperCase() });
      const clash = await failureOf(run(createAccount, other, envelope('tenant-b')));
      expect(clash).to.be.instanceOf(DomainError);
      expect(clash).to.include({ code: 'ACCOUNT_EMAIL_TAKEN', kind: 'conflict' });
      expect(await typesOf(accountStream(other.accountId))).to.deep.equal([]);
    });

    it('creates exactly one of 10 accounts racing for the same address', async () => {
      const email = newEmail();
      const racers = Array.from({ length: 10 }, (_, i) =>
        account({ email: i % 2 ? email.toUpperCase() : email }),
      );
      const outcomes = await Promise.allSettled(
        racers.map((racer, i) => run(createAccount, racer, envelope(`tenant-${i % 3}`))),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).to.include({ code: 'ACCOUNT_EMAIL_TAKEN', kind: 'conflict' });
        }
      }
    });

    it('frees the address of a failed creation, but never the address of an existing account', async () => {
      const anna = account();
      await run(createAccount, anna);
      const otherEmail = newEmail();
      for (const email of [otherEmail, anna.email]) {
        const again = await failureOf(run(createAccount, { ...anna, email }));
        expect(again).to.include({ code: 'ACCOUNT_ALREADY_EXISTS', kind: 'conflict' });
      }
      expect(await typesOf(accountEmailStream(otherEmail))).to.deep.equal([
        'AccountEmailReserved',
        'AccountEmailReleased',
      ]);
      await run(createAccount, account({ email: otherEmail }));
      const clash = await failureOf(run(createAccount, account({ email: anna.email })));
      expect(clash).to.include({ code: 'ACCOUNT_EMAIL_TAKEN' });
    });

    it('stores the events of a repeated command once and answers as the first time', async () => {
      const anna = account();
      const env = envelope();
      const first = await run(createAccount, anna, env);
      expect(await run(createAccount, anna, env)).to.deep.equal(first);
      expect(await typesOf(accountStream(anna.accountId))).to.deep.equal([
        'AccountCreated',
        'AccountPasswordSet',
      ]);
      expect(await typesOf(accountEmailStream(anna.email))).to.deep.equal(['AccountEmailReserved']);
    });

    it('lets an account change its own password, and the old one stops working', async () => {
      const anna = account();
      await run(createAccount, anna);
      const result = await run(
        setAccountPassword,
        { accountId: anna.accountId, password: 'a brand new passphrase' },
        envelope('tenant-a', { id: anna.accountId, role: 'employee' }),
      );
      expect(result.eventTypes).to.deep.equal(['AccountPasswordSet']);
      const hash = await storedHash(anna.accountId);
      expect(await verifyPassword('a brand new passphrase', hash)).to.equal(true);
      expect(await verifyPassword(password, hash)).to.equal(false);
    });

    it("refuses anyone but the administrator setting another account's password", async () => {
      const anna = account();
      await run(createAccount, anna);
      const refused = await failureOf(
        run(
          setAccountPassword,
          { accountId: anna.accountId, password: 'a brand new passphrase' },
          envelope('tenant-a', { id: 'manager-1', role: 'client_manager' }),
        ),
      );
      expect(refused).to.include({ code: 'ACCOUNT_FORBIDDEN', kind: 'forbidden' });
      const byAdmin = await run(setAccountPassword, {
        accountId: anna.accountId,
        password: 'reset by the admin',
      });
      expect(byAdmin.eventTypes).to.deep.equal(['AccountPasswordSet']);
    });

    it('refuses a password shorter than 12 or longer than 200 characters, and unknown fields', async () => {
      for (const payload of [
        account({ password: 'short-11-ch' }),
        account({ password: 'x'.repeat(201) }),
        account({ role: 'msp_admin' }),
      ]) {
        const error = await failureOf(run(createAccount, payload));
        expect(error).to.be.instanceOf(CommandValidationError);
        expect(JSON.stringify((error as CommandValidationError).issues)).not.to.include(payload.password);
      }
      const edge = await run(createAccount, account({ password: 'x'.repeat(12) }));
      expect(edge.eventTypes).to.have.length(2);
    });

    it('grants, refuses a duplicate, and revokes a role', async () => {
      const anna = account();
      await run(createAccount, anna);
      const role = { accountId: anna.accountId, role: 'client_manager', tenantId: 'tenant-a' };
      expect((await run(grantAccountRole, role)).eventTypes).to.deep.equal(['AccountRoleGranted']);
      expect(await failureOf(run(grantAccountRole, role))).to.include({ code: 'ROLE_ALREADY_GRANTED' });
      expect((await run(revokeAccountRole, role)).eventTypes).to.deep.equal(['AccountRoleRevoked']);
      expect(await failureOf(run(revokeAccountRole, role))).to.include({
        code: 'ROLE_NOT_GRANTED',
        kind: 'rule',
      });
    });

    it('refuses roles that do not fit the home tenant', async () => {
      const anna = account();
      await run(createAccount, anna);
      const outside = await failureOf(
        run(grantAccountRole, { accountId: anna.accountId, role: 'employee', tenantId: 'tenant-b' }),
      );
      expect(outside).to.include({ code: 'ROLE_OUTSIDE_HOME_TENANT', kind: 'rule' });
      const msp = await failureOf(
        run(grantAccountRole, { accountId: anna.accountId, role: 'technician', tenantId: 'tenant-a' }),
      );
      expect(msp).to.include({ code: 'ROLE_NEEDS_MSP_ACCOUNT', kind: 'rule' });
    });

    it('refuses account management to any role but msp_admin', async () => {
      const anna = account();
      const manager = envelope('tenant-a', { id: 'manager-1', role: 'client_manager' });
      expect(await failureOf(run(createAccount, anna, manager))).to.include({
        code: 'ROLE_NOT_ALLOWED',
        kind: 'forbidden',
      });
      expect(await typesOf(accountEmailStream(anna.email))).to.deep.equal([]);
      await run(createAccount, anna);
      const grant = { accountId: anna.accountId, role: 'employee', tenantId: 'tenant-a' };
      expect(await failureOf(run(grantAccountRole, grant, manager))).to.include({ code: 'ROLE_NOT_ALLOWED' });
      expect(
        await failureOf(run(disableAccount, { accountId: anna.accountId, reason: 'x' }, manager)),
      ).to.include({
        code: 'ROLE_NOT_ALLOWED',
      });
    });

    it('disables and enables an account; a disabled account receives no role', async () => {
      const anna = account();
      await run(createAccount, anna);
      const id = { accountId: anna.accountId };
      await run(disableAccount, { ...id, reason: 'Left the company' });
      expect(await failureOf(run(disableAccount, { ...id, reason: 'Again' }))).to.include({
        code: 'ACCOUNT_ALREADY_DISABLED',
        kind: 'conflict',
      });
      expect(
        await failureOf(run(grantAccountRole, { ...id, role: 'employee', tenantId: 'tenant-a' })),
      ).to.include({ code: 'ACCOUNT_DISABLED', kind: 'rule' });
      await run(enableAccount, id);
      expect(await failureOf(run(enableAccount, id))).to.include({
        code: 'ACCOUNT_NOT_DISABLED',
        kind: 'conflict',
      });
      expect(await typesOf(accountStream(anna.accountId))).to.deep.equal([
        'AccountCreated',
        'AccountPasswordSet',
        'AccountDisabled',
        'AccountEnabled',
      ]);
    });

    describe('API tokens', () => {
      const secret = () => `itp_${randomUUID().replaceAll('-', '')}${randomUUID().replaceAll('-', '')}`;
      const token = (accountId: string, overrides: Record<string, unknown> = {}) => ({
        accountId,
        tokenId: randomUUID(),
        name: 'Backup agent',
        secret: secret(),
        ...overrides,
      });
      const tokenEvents = async (accountId: string) =>
        (await eventsOf(accountStream(accountId))).filter((e) => e.type.startsWith('AccountApiToken'));

      it('records the hash of the secret and never the secret, the expiry in UTC', async () => {
        const anna = account();
        await run(createAccount, anna);
        const issued = token(anna.accountId, {
          name: ' Backup agent ',
          expiresAt: '2026-06-01T02:00:00+02:00',
        });
        const result = await run(issueApiToken, issued);
        expect(result.eventTypes).to.deep.equal(['AccountApiTokenIssued']);
        const [event] = await tokenEvents(anna.accountId);
        expect(event?.data).to.deep.equal({
          accountId: anna.accountId,
          tokenId: issued.tokenId,
          name: 'Backup agent',
          tokenHash: hashApiToken(issued.secret),
          expiresAt: '2026-06-01T00:00:00.000Z',
          issuedAt: '2026-03-02T10:00:00.000Z',
        });
        const json = JSON.stringify(
          (await eventsOf(accountStream(anna.accountId))).map((e) => [e.data, e.metadata]),
        );
        expect(json).not.to.include(issued.secret);
        expect(json).to.include(hashApiToken(issued.secret));
      });

      it('issues a token without an expiry, and the same issue again records nothing', async () => {
        const anna = account();
        await run(createAccount, anna);
        const issued = token(anna.accountId);
        await run(issueApiToken, issued);
        const again = await run(issueApiToken, issued);
        expect(again.eventTypes).to.deep.equal([]);
        const events = await tokenEvents(anna.accountId);
        expect(events).to.have.length(1);
        expect(events[0]?.data.expiresAt).to.equal(null);
        const other = await failureOf(run(issueApiToken, { ...issued, secret: secret() }));
        expect(other).to.include({ code: 'API_TOKEN_ALREADY_ISSUED', kind: 'conflict' });
      });

      it('revokes a token once; an unknown or revoked token is refused', async () => {
        const anna = account();
        await run(createAccount, anna);
        const issued = token(anna.accountId);
        await run(issueApiToken, issued);
        const id = { accountId: anna.accountId, tokenId: issued.tokenId };
        expect((await run(revokeApiToken, id)).eventTypes).to.deep.equal(['AccountApiTokenRevoked']);
        expect(await failureOf(run(revokeApiToken, id))).to.include({
          code: 'API_TOKEN_ALREADY_REVOKED',
          kind: 'conflict',
        });
        expect(
          await failureOf(run(revokeApiToken, { accountId: anna.accountId, tokenId: randomUUID() })),
        ).to.include({ code: 'API_TOKEN_NOT_FOUND', kind: 'not_found' });
      });

      it('refuses a token to a missing or disabled account, or one expiring before now', async () => {
        expect(await failureOf(run(issueApiToken, token(randomUUID())))).to.include({
          code: 'ACCOUNT_NOT_FOUND',
          kind: 'not_found',
        });
        const anna = account();
        await run(createAccount, anna);
        const past = token(anna.accountId, { expiresAt: '2026-03-02T09:59:59Z' });
        expect(await failureOf(run(issueApiToken, past))).to.include({
          code: 'API_TOKEN_EXPIRY_IN_PAST',
          kind: 'rule',
        });
        await run(disableAccount, { accountId: anna.accountId, reason: 'Left the company' });
        expect(await failureOf(run(issueApiToken, token(anna.accountId)))).to.include({
          code: 'ACCOUNT_DISABLED',
          kind: 'rule',
        });
        expect(await tokenEvents(anna.accountId)).to.deep.equal([]);
      });

      it('refuses a short or overlong secret, a bad name or expiry, and unknown fields, never echoing the secret', async () => {
        const accountId = randomUUID();
        for (const payload of [
          token(accountId, { secret: 'x'.repeat(31) }),
          token(accountId, { secret: 'x'.repeat(201) }),
          token(accountId, { name: '   ' }),
          token(accountId, { name: 'x'.repeat(101) }),
          token(accountId, { expiresAt: '2026-06-01T00:00:00' }),
          token(accountId, { expiresAt: '2026-06-01' }),
          token(accountId, { tokenHash: 'a'.repeat(64) }),
          token(accountId, { tokenId: 'token-1' }),
        ]) {
          const error = await failureOf(run(issueApiToken, payload));
          expect(error, JSON.stringify(payload)).to.be.instanceOf(CommandValidationError);
          expect(JSON.stringify((error as CommandValidationError).issues)).not.to.include(payload.secret);
        }
        expect(
          await failureOf(run(revokeApiToken, { accountId, tokenId: randomUUID(), extra: 1 })),
        ).to.be.instanceOf(CommandValidationError);
      });

      it('refuses issuing and revoking tokens to any role but msp_admin', async () => {
        const anna = account();
        await run(createAccount, anna);
        const self = envelope('tenant-a', { id: anna.accountId, role: 'client_manager' });
        const issued = token(anna.accountId);
        expect(await failureOf(run(issueApiToken, issued, self))).to.include({ code: 'ROLE_NOT_ALLOWED' });
        await run(issueApiToken, issued);
        expect(
          await failureOf(run(revokeApiToken, { accountId: anna.accountId, tokenId: issued.tokenId }, self)),
        ).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
      });
    });

    it("answers a missing account, or another tenant's, as not found", async () => {
      const missing = await failureOf(run(enableAccount, { accountId: randomUUID() }));
      expect(missing).to.include({ code: 'ACCOUNT_NOT_FOUND', kind: 'not_found' });
      const anna = account();
      await run(createAccount, anna);
      const foreign = await failureOf(
        run(disableAccount, { accountId: anna.accountId, reason: 'x' }, envelope('tenant-b')),
      );
      expect(foreign).to.include({ kind: 'not_found' });
      expect(await typesOf(accountStream(anna.accountId))).to.have.length(2);
    });
  });
}

describe('Account command list', () => {
  it('holds every account command once, by type', () => {
    expect(accountCommands.map((c) => c.type)).to.deep.equal([
      'CreateAccount',
      'SetAccountPassword',
      'GrantAccountRole',
      'RevokeAccountRole',
      'DisableAccount',
      'EnableAccount',
      'IssueApiToken',
      'RevokeApiToken',
    ]);
  });
});
