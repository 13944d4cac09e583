import { expect } from 'chai';
import {
  type AccountCommand,
  type AccountEvent,
  accountDecider,
  accountEmailDecider,
  accountEmailEventSchemas,
  accountEventSchemas,
  MSP_TENANT,
} from '../../domain/account/index.js';
import type { CommandContext, Role } from '../../domain/shared/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec, stateAfter } from '../support/decider-spec.js';

const now = '2026-03-02T10:00:00.000Z';
const accountId = 'account-1';
const hash = `scrypt$1024$8$1$${'a'.repeat(22)}$${'b'.repeat(43)}`;
const otherHash = `scrypt$1024$8$1$${'c'.repeat(22)}$${'d'.repeat(43)}`;
const admin = { id: 'admin-1', role: 'msp_admin' } as const;

/** The command context of `actor` working in the tenant `tenantId` (the account's home). */
const meta = (tenantId = 'tenant-a', actor: CommandContext['actor'] = admin): CommandContext => ({
  tenantId,
  actor,
  now,
});
const command = <C extends AccountCommand>(type: C['type'], data: C['data'], context = meta()) =>
  ({ type, data, meta: context }) as C;

const created = (homeTenantId = 'tenant-a', personId: string | null = 'person-1'): AccountEvent => ({
  type: 'AccountCreated',
  data: {
    accountId,
    email: 'anna.nowak@acme.pl',
    displayName: 'Anna Nowak',
    homeTenantId,
    personId,
    createdAt: now,
  },
});
const passwordSet = (passwordHash = hash): AccountEvent => ({
  type: 'AccountPasswordSet',
  data: { accountId, passwordHash, setAt: now },
});
const granted = (role: Role, tenantId: string | null): AccountEvent => ({
  type: 'AccountRoleGranted',
  data: { accountId, role, tenantId, grantedAt: now },
});
const revoked = (role: Role, tenantId: string | null): AccountEvent => ({
  type: 'AccountRoleRevoked',
  data: { accountId, role, tenantId, revokedAt: now },
});
const disabled: AccountEvent = {
  type: 'AccountDisabled',
  data: { accountId, reason: 'Left the company', disabledAt: now },
};
const enabled: AccountEvent = { type: 'AccountEnabled', data: { accountId, enabledAt: now } };
const tokenId = 'token-1';
const tokenHash = 'a'.repeat(64);
const otherTokenHash = 'b'.repeat(64);
const expiry = '2026-06-01T00:00:00.000Z';
type TokenDetails = { name: string; tokenHash: string; expiresAt: string | null };
const issued = (details: Partial<TokenDetails> = {}, id = tokenId): AccountEvent => ({
  type: 'AccountApiTokenIssued',
  data: {
    accountId,
    tokenId: id,
    name: 'Backup agent',
    tokenHash,
    expiresAt: expiry,
    ...details,
    issuedAt: now,
  },
});
const tokenRevoked = (id = tokenId): AccountEvent => ({
  type: 'AccountApiTokenRevoked',
  data: { accountId, tokenId: id, revokedAt: now },
});

/** A client's account (home tenant-a) and an IT team account (home MSP_TENANT). */
const clientAccount = [created(), passwordSet()];
const mspAccount = [created(MSP_TENANT, null), passwordSet()];

const spec = deciderSpec(accountDecider);
const create = (
  data: Partial<Extract<AccountCommand, { type: 'CreateAccount' }>['data']> = {},
  context = meta(),
) =>
  command(
    'CreateAccount',
    {
      accountId,
      email: 'anna.nowak@acme.pl',
      displayName: 'Anna Nowak',
      personId: 'person-1',
      passwordHash: hash,
      ...data,
    },
    context,
  );
const grant = (role: Role, tenantId: string | null, context = meta()) =>
  command('GrantAccountRole', { accountId, role, tenantId }, context);
const revoke = (role: Role, tenantId: string | null, context = meta()) =>
  command('RevokeAccountRole', { accountId, role, tenantId }, context);
const setPassword = (context = meta(), passwordHash = otherHash) =>
  command('SetAccountPassword', { accountId, passwordHash }, context);
const disable = (reason = 'Left the company', context = meta()) =>
  command('DisableAccount', { accountId, reason }, context);
const enable = (context = meta()) => command('EnableAccount', { accountId }, context);
const issue = (details: Partial<TokenDetails> = {}, context = meta(), id = tokenId) =>
  command(
    'IssueApiToken',
    { accountId, tokenId: id, name: 'Backup agent', tokenHash, expiresAt: expiry, ...details },
    context,
  );
const revokeToken = (context = meta(), id = tokenId) =>
  command('RevokeApiToken', { accountId, tokenId: id }, context);

describe('Accounts', () => {
  describe('creating', () => {
    it('creates an account at home in the command tenant, with its password, the e-mail in lower case', () => {
      spec([])
        .when(create({ email: ' Anna.Nowak@ACME.pl ', displayName: ' Anna Nowak ' }))
        .then(clientAccount);
      expect(stateAfter(accountDecider, clientAccount).status).to.equal('active');
    });
    it('creates an IT team account without a person', () => {
      spec([])
        .when(create({ personId: null }, meta(MSP_TENANT)))
        .then(mspAccount);
    });
    it('refuses to create an account that already exists', () => {
      spec(clientAccount).when(create()).thenThrows('ACCOUNT_ALREADY_EXISTS', 'conflict');
    });
    it('refuses an e-mail address that is not one', () => {
      spec([])
        .when(create({ email: 'anna at acme' }))
        .thenThrows('ACCOUNT_EMAIL_INVALID', 'rule');
    });
    it('refuses an empty display name', () => {
      spec([])
        .when(create({ displayName: '   ' }))
        .thenThrows('ACCOUNT_DISPLAY_NAME_INVALID', 'rule');
    });
    it('refuses a password that did not arrive hashed, so a plain one is never recorded', () => {
      spec([])
        .when(create({ passwordHash: 'correct horse battery staple' }))
        .thenThrows('PASSWORD_HASH_INVALID', 'rule');
    });
    for (const role of ['client_manager', 'technician', 'auditor'] as const) {
      it(`refuses the creation by a ${role}`, () => {
        spec([])
          .when(create({}, meta('tenant-a', { id: `${role}-1`, role })))
          .thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
      });
    }
  });

  describe('passwords', () => {
    it('lets an account set its own password', () => {
      spec(clientAccount)
        .when(setPassword(meta('tenant-a', { id: accountId, role: 'employee' })))
        .then([passwordSet(otherHash)]);
    });
    it("lets the administrator set another account's password, even a disabled one", () => {
      spec([...clientAccount, disabled])
        .when(setPassword())
        .then([passwordSet(otherHash)]);
    });
    it("refuses anyone else setting an account's password", () => {
      spec(clientAccount)
        .when(setPassword(meta('tenant-a', { id: 'manager-1', role: 'client_manager' })))
        .thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
    });
    it('refuses a disabled account setting its own password', () => {
      spec([...clientAccount, disabled])
        .when(setPassword(meta('tenant-a', { id: accountId, role: 'employee' })))
        .thenThrows('ACCOUNT_DISABLED', 'rule');
    });
    it('refuses a password that is not a hash', () => {
      spec(clientAccount)
        .when(setPassword(meta(), 'scrypt$plain text'))
        .thenThrows('PASSWORD_HASH_INVALID', 'rule');
    });
  });

  describe('roles by home tenant', () => {
    it('grants client roles to a client account for its own tenant', () => {
      spec(clientAccount)
        .when(grant('client_manager', 'tenant-a'))
        .then([granted('client_manager', 'tenant-a')]);
      spec(clientAccount)
        .when(grant('employee', 'tenant-a'))
        .then([granted('employee', 'tenant-a')]);
    });
    it('refuses client roles for another tenant, for every tenant, or to an IT team account', () => {
      spec(clientAccount)
        .when(grant('client_manager', 'tenant-b'))
        .thenThrows('ROLE_OUTSIDE_HOME_TENANT', 'rule');
      spec(clientAccount).when(grant('employee', null)).thenThrows('ROLE_OUTSIDE_HOME_TENANT', 'rule');
      spec(mspAccount)
        .when(grant('client_manager', MSP_TENANT, meta(MSP_TENANT)))
        .thenThrows('ROLE_OUTSIDE_HOME_TENANT', 'rule');
      spec(mspAccount)
        .when(grant('employee', 'tenant-a', meta(MSP_TENANT)))
        .thenThrows('ROLE_OUTSIDE_HOME_TENANT', 'rule');
    });
    it('grants technician to an IT team account for one tenant or every tenant', () => {
      spec(mspAccount)
        .when(grant('technician', 'tenant-a', meta(MSP_TENANT)))
        .then([granted('technician', 'tenant-a')]);
      spec(mspAccount)
        .when(grant('technician', null, meta(MSP_TENANT)))
        .then([granted('technician', null)]);
    });
    it('refuses technician and msp_admin to a client account', () => {
      spec(clientAccount).when(grant('technician', 'tenant-a')).thenThrows('ROLE_NEEDS_MSP_ACCOUNT', 'rule');
      spec(clientAccount).when(grant('msp_admin', null)).thenThrows('ROLE_NEEDS_MSP_ACCOUNT', 'rule');
    });
    it('grants msp_admin to an IT team account for every tenant only', () => {
      spec(mspAccount)
        .when(grant('msp_admin', null, meta(MSP_TENANT)))
        .then([granted('msp_admin', null)]);
      spec(mspAccount)
        .when(grant('msp_admin', 'tenant-a', meta(MSP_TENANT)))
        .thenThrows('ROLE_NEEDS_EVERY_TENANT', 'rule');
    });
    it('grants auditor to a client account for its own tenant only', () => {
      spec(clientAccount)
        .when(grant('auditor', 'tenant-a'))
        .then([granted('auditor', 'tenant-a')]);
      spec(clientAccount).when(grant('auditor', 'tenant-b')).thenThrows('ROLE_OUTSIDE_HOME_TENANT', 'rule');
      spec(clientAccount).when(grant('auditor', null)).thenThrows('ROLE_OUTSIDE_HOME_TENANT', 'rule');
    });
    it('grants auditor to an IT team account for any tenant or every tenant', () => {
      spec(mspAccount)
        .when(grant('auditor', 'tenant-b', meta(MSP_TENANT)))
        .then([granted('auditor', 'tenant-b')]);
      spec(mspAccount)
        .when(grant('auditor', null, meta(MSP_TENANT)))
        .then([granted('auditor', null)]);
    });
  });

  describe('granting and revoking', () => {
    it('refuses a role already held for that tenant, but grants it for another', () => {
      const given = [...mspAccount, granted('technician', 'tenant-a')];
      spec(given)
        .when(grant('technician', 'tenant-a', meta(MSP_TENANT)))
        .thenThrows('ROLE_ALREADY_GRANTED', 'conflict');
      spec(given)
        .when(grant('technician', 'tenant-b', meta(MSP_TENANT)))
        .then([granted('technician', 'tenant-b')]);
    });
    it('grants a role again after it was revoked', () => {
      spec([...clientAccount, granted('employee', 'tenant-a'), revoked('employee', 'tenant-a')])
        .when(grant('employee', 'tenant-a'))
        .then([granted('employee', 'tenant-a')]);
    });
    it('refuses a role to a disabled account', () => {
      spec([...clientAccount, disabled])
        .when(grant('employee', 'tenant-a'))
        .thenThrows('ACCOUNT_DISABLED', 'rule');
    });
    it('revokes a role held for that tenant, also from a disabled account', () => {
      const given = [...clientAccount, granted('employee', 'tenant-a')];
      spec(given)
        .when(revoke('employee', 'tenant-a'))
        .then([revoked('employee', 'tenant-a')]);
      spec([...given, disabled])
        .when(revoke('employee', 'tenant-a'))
        .then([revoked('employee', 'tenant-a')]);
      const state = stateAfter(accountDecider, [...given, revoked('employee', 'tenant-a')]);
      expect(state.status !== 'absent' && state.roles).to.deep.equal([]);
    });
    it('refuses to revoke a role not held, or held for another tenant', () => {
      spec(clientAccount).when(revoke('employee', 'tenant-a')).thenThrows('ROLE_NOT_GRANTED', 'rule');
      spec([...mspAccount, granted('technician', null)])
        .when(revoke('technician', 'tenant-a', meta(MSP_TENANT)))
        .thenThrows('ROLE_NOT_GRANTED', 'rule');
    });
    it('refuses granting and revoking by anyone but the administrator', () => {
      const manager = meta('tenant-a', { id: 'manager-1', role: 'client_manager' });
      spec(clientAccount)
        .when(grant('employee', 'tenant-a', manager))
        .thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
      spec([...clientAccount, granted('employee', 'tenant-a')])
        .when(revoke('employee', 'tenant-a', manager))
        .thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
    });
  });

  describe('disabling and enabling', () => {
    it('disables an active account, keeping its roles', () => {
      const given = [...clientAccount, granted('employee', 'tenant-a')];
      spec(given).when(disable(' Left the company ')).then([disabled]);
      const state = stateAfter(accountDecider, [...given, disabled]);
      expect(state.status).to.equal('disabled');
      expect(state.status !== 'absent' && state.roles).to.deep.equal([
        { role: 'employee', tenantId: 'tenant-a' },
      ]);
    });
    it('refuses to disable a disabled account', () => {
      spec([...clientAccount, disabled])
        .when(disable())
        .thenThrows('ACCOUNT_ALREADY_DISABLED', 'conflict');
    });
    it('refuses a disabling without a reason', () => {
      spec(clientAccount).when(disable('  ')).thenThrows('ACCOUNT_DISABLE_REASON_INVALID', 'rule');
    });
    it('enables a disabled account', () => {
      spec([...clientAccount, disabled])
        .when(enable())
        .then([enabled]);
      expect(stateAfter(accountDecider, [...clientAccount, disabled, enabled]).status).to.equal('active');
    });
    it('refuses to enable an account that is not disabled', () => {
      spec(clientAccount).when(enable()).thenThrows('ACCOUNT_NOT_DISABLED', 'conflict');
    });
    it('refuses disabling and enabling by anyone but the administrator', () => {
      const self = meta('tenant-a', { id: accountId, role: 'employee' });
      spec(clientAccount).when(disable('Bye', self)).thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
      spec([...clientAccount, disabled])
        .when(enable(self))
        .thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
    });
  });

  describe('API tokens', () => {
    it('issues a token to an account, with only the hash of its secret and a trimmed name', () => {
      spec(clientAccount)
        .when(issue({ name: '  Backup agent ' }))
        .then([issued()]);
      const state = stateAfter(accountDecider, [...clientAccount, issued()]);
      expect(state.status !== 'absent' && state.tokens).to.deep.equal([
        { tokenId, name: 'Backup agent', tokenHash, expiresAt: expiry, revoked: false },
      ]);
    });
    it('issues a token that never expires', () => {
      spec(clientAccount)
        .when(issue({ expiresAt: null }))
        .then([issued({ expiresAt: null })]);
    });
    it('issues more tokens to the same account under other ids', () => {
      spec([...clientAccount, issued()])
        .when(issue({ tokenHash: otherTokenHash }, meta(), 'token-2'))
        .then([issued({ tokenHash: otherTokenHash }, 'token-2')]);
    });
    it('refuses a token to an account that does not exist', () => {
      spec([]).when(issue()).thenThrows('ACCOUNT_NOT_FOUND', 'not_found');
    });
    it('refuses a token to a disabled account, and issues one again once it is enabled', () => {
      spec([...clientAccount, disabled])
        .when(issue())
        .thenThrows('ACCOUNT_DISABLED', 'rule');
      spec([...clientAccount, disabled, enabled])
        .when(issue())
        .then([issued()]);
    });
    it('records nothing when the same token is issued again', () => {
      spec([...clientAccount, issued()])
        .when(issue({ name: ' Backup agent', expiresAt: '2026-06-01T02:00:00+02:00' }))
        .then([]);
      spec([...clientAccount, issued({ expiresAt: null })])
        .when(issue({ expiresAt: null }))
        .then([]);
    });
    it('refuses another token under an id already issued: other name, secret or expiry, or revoked', () => {
      const given = [...clientAccount, issued()];
      for (const other of [
        issue({ name: 'Monitoring' }),
        issue({ tokenHash: otherTokenHash }),
        issue({ expiresAt: '2026-07-01T00:00:00.000Z' }),
        issue({ expiresAt: null }),
      ]) {
        spec(given).when(other).thenThrows('API_TOKEN_ALREADY_ISSUED', 'conflict');
      }
      spec([...given, tokenRevoked()])
        .when(issue())
        .thenThrows('API_TOKEN_ALREADY_ISSUED', 'conflict');
    });
    it('issues a token expiring after now, and refuses one expiring at or before now', () => {
      spec(clientAccount)
        .when(issue({ expiresAt: '2026-03-02T10:00:00.001Z' }))
        .then([issued({ expiresAt: '2026-03-02T10:00:00.001Z' })]);
      for (const expiresAt of [now, '2026-03-01T10:00:00.000Z', 'not an instant']) {
        spec(clientAccount).when(issue({ expiresAt })).thenThrows('API_TOKEN_EXPIRY_IN_PAST', 'rule');
      }
    });
    it('refuses a secret that did not arrive hashed, so a plain one is never recorded', () => {
      for (const plain of ['correct horse battery staple and more', 'A'.repeat(64), 'a'.repeat(63)]) {
        spec(clientAccount)
          .when(issue({ tokenHash: plain }))
          .thenThrows('API_TOKEN_HASH_INVALID', 'rule');
      }
    });
    it('refuses an empty or overlong token name', () => {
      spec(clientAccount)
        .when(issue({ name: '   ' }))
        .thenThrows('API_TOKEN_NAME_INVALID', 'rule');
      spec(clientAccount)
        .when(issue({ name: 'x'.repeat(101) }))
        .thenThrows('API_TOKEN_NAME_INVALID', 'rule');
    });
    it('revokes an issued token, also on a disabled account', () => {
      spec([...clientAccount, issued()])
        .when(revokeToken())
        .then([tokenRevoked()]);
      spec([...clientAccount, issued(), disabled])
        .when(revokeToken())
        .then([tokenRevoked()]);
      const state = stateAfter(accountDecider, [...clientAccount, issued(), tokenRevoked()]);
      expect(state.status !== 'absent' && state.tokens.map((token) => token.revoked)).to.deep.equal([true]);
    });
    it('refuses to revoke a token the account was never issued', () => {
      spec([...clientAccount, issued()])
        .when(revokeToken(meta(), 'token-2'))
        .thenThrows('API_TOKEN_NOT_FOUND', 'not_found');
    });
    it('refuses to revoke a token twice', () => {
      spec([...clientAccount, issued(), tokenRevoked()])
        .when(revokeToken())
        .thenThrows('API_TOKEN_ALREADY_REVOKED', 'conflict');
    });
    it('refuses issuing and revoking tokens by anyone but the administrator, even for oneself', () => {
      const self = meta('tenant-a', { id: accountId, role: 'client_manager' });
      spec(clientAccount).when(issue({}, self)).thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
      spec([...clientAccount, issued()])
        .when(revokeToken(self))
        .thenThrows('ACCOUNT_FORBIDDEN', 'forbidden');
    });
    it('keeps tokens through disabling and enabling', () => {
      const state = stateAfter(accountDecider, [...clientAccount, issued(), disabled, enabled]);
      expect(state.status).to.equal('active');
      expect(state.status !== 'absent' && state.tokens.map((token) => token.tokenId)).to.deep.equal([
        tokenId,
      ]);
    });
  });

  describe('a missing account', () => {
    const commands: AccountCommand[] = [
      setPassword(),
      grant('employee', 'tenant-a'),
      revoke('employee', 'tenant-a'),
      disable(),
      enable(),
      issue(),
      revokeToken(),
    ];
    for (const next of commands) {
      it(`refuses ${next.type} on an account that does not exist`, () => {
        spec([]).when(next).thenThrows('ACCOUNT_NOT_FOUND', 'not_found');
      });
    }
    it('refuses an account setting its own password before it exists', () => {
      spec([])
        .when(setPassword(meta('tenant-a', { id: accountId, role: 'employee' })))
        .thenThrows('ACCOUNT_NOT_FOUND', 'not_found');
    });
  });

  describe('e-mail reservations', () => {
    const reservations = deciderSpec(accountEmailDecider);
    const reservationMeta = meta(MSP_TENANT);
    const reserve = (id: string, email = 'Anna.Nowak@acme.pl') =>
      ({ type: 'ReserveAccountEmail', data: { email, accountId: id }, meta: reservationMeta }) as const;
    const release = (id: string) =>
      ({
        type: 'ReleaseAccountEmail',
        data: { email: 'anna.nowak@acme.pl', accountId: id },
        meta: reservationMeta,
      }) as const;
    const reserved = {
      type: 'AccountEmailReserved',
      data: { email: 'anna.nowak@acme.pl', accountId, reservedAt: now },
    } as const;

    it('reserves a free address in lower case for an account', () => {
      reservations([]).when(reserve(accountId)).then([reserved]);
    });
    it('refuses an address reserved by another account', () => {
      reservations([reserved])
        .when(reserve('account-2', 'ANNA.NOWAK@acme.pl'))
        .thenThrows('ACCOUNT_EMAIL_TAKEN', 'conflict');
    });
    it('reserves again for the same account without recording anything', () => {
      reservations([reserved]).when(reserve(accountId)).then([]);
    });
    it("releases the account's own reservation, and nobody else's", () => {
      reservations([reserved])
        .when(release(accountId))
        .then([
          { type: 'AccountEmailReleased', data: { email: 'anna.nowak@acme.pl', accountId, releasedAt: now } },
        ]);
      reservations([reserved]).when(release('account-2')).then([]);
    });
  });

  describe('event schemas', () => {
    // A Record over the union: the compiler fails when an event type is added without being listed here.
    const emitted: Record<AccountEvent['type'], true> = {
      AccountCreated: true,
      AccountPasswordSet: true,
      AccountRoleGranted: true,
      AccountRoleRevoked: true,
      AccountDisabled: true,
      AccountEnabled: true,
      AccountApiTokenIssued: true,
      AccountApiTokenRevoked: true,
    };

    it('has a schema for every event type the decider can emit, and none for others', () => {
      const schemaTypes = [...new Set(accountEventSchemas.map((schema) => schema.type))].sort();
      expect(schemaTypes).to.deep.equal(Object.keys(emitted).sort());
      expect(accountEmailEventSchemas.map((schema) => schema.type)).to.deep.equal([
        'AccountEmailReserved',
        'AccountEmailReleased',
      ]);
    });
    it('accepts every event the decider emits', () => {
      const registry = createSchemaRegistry({ schemas: accountEventSchemas });
      const home = meta(MSP_TENANT);
      const commands: AccountCommand[] = [
        create({ personId: null }, home),
        setPassword(home),
        grant('technician', 'tenant-a', home),
        revoke('technician', 'tenant-a', home),
        disable('Left', home),
        enable(home),
        issue({}, home),
        revokeToken(home),
        issue({ expiresAt: null, tokenHash: otherTokenHash }, home, 'token-2'),
      ];
      const events: AccountEvent[] = [];
      for (const next of commands)
        events.push(...accountDecider.decide(next, stateAfter(accountDecider, events)));
      expect(events.map((event) => event.type).sort()).to.deep.equal(
        [...Object.keys(emitted), 'AccountPasswordSet', 'AccountApiTokenIssued'].sort(),
      );
      for (const event of events) {
        expect(() => registry.validate(event.type, 1, event.data), event.type).not.to.throw();
      }
    });
    it('refuses a plain password in AccountPasswordSet', () => {
      const registry = createSchemaRegistry({ schemas: accountEventSchemas });
      expect(() =>
        registry.validate('AccountPasswordSet', 1, { accountId, passwordHash: 'hunter2hunter2', setAt: now }),
      ).to.throw();
    });
    it('refuses a plain secret in AccountApiTokenIssued', () => {
      const registry = createSchemaRegistry({ schemas: accountEventSchemas });
      const data = (issued() as Extract<AccountEvent, { type: 'AccountApiTokenIssued' }>).data;
      expect(() => registry.validate('AccountApiTokenIssued', 1, data)).not.to.throw();
      expect(() =>
        registry.validate('AccountApiTokenIssued', 1, {
          ...data,
          tokenHash: 'correct horse battery staple!!',
        }),
      ).to.throw();
    });
  });
});
