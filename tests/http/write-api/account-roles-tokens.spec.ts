import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { accepted, expectAccepted, expectProblem, meWith, newAccount, readAfter } from './write-fixtures.js';

interface RoleGrant {
  role: string;
  tenantId: string | null;
}

describe("Write API: accounts' roles and API tokens", function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const card = (accountId: string, checkpoint: string) =>
    readAfter(world.mspAdmin, `/accounts/${accountId}`, checkpoint);
  const managerRole = () => ({ role: 'client_manager', tenantId: world.tenantA });

  describe('grantAccountRole', () => {
    it('grants a role in the home tenant and the card lists it', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/roles`, managerRole());
      const { checkpoint } = expectAccepted(answer, { events: ['AccountRoleGranted'], ids: { accountId } });
      const { roles } = await card(accountId, checkpoint);
      expect(roles.map(({ role, tenantId }: RoleGrant) => ({ role, tenantId }))).to.deep.include(
        managerRole(),
      );
    });

    it('answers 400 naming role for a role that does not exist, and tenantId when it is left out', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/roles`, { role: 'owner' });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'role');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).to.include('tenantId');
    });

    it('refuses a technician and a client manager with 403', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      for (const client of [world.technician, world.managerA]) {
        expectProblem(
          await client.post(`/accounts/${accountId}/roles`, managerRole()),
          403,
          'ROLE_NOT_ALLOWED',
        );
      }
    });

    it("answers 404 to the administrator acting in tenant B naming tenant A's account", async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin
        .in(world.tenantB)
        .post(`/accounts/${accountId}/roles`, managerRole());
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 409 for a role already granted', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      await accepted(world.mspAdmin.post(`/accounts/${accountId}/roles`, managerRole()));
      const again = await world.mspAdmin.post(`/accounts/${accountId}/roles`, managerRole());
      expectProblem(again, 409, 'ROLE_ALREADY_GRANTED');
    });

    it("refuses with 422 a client's account as a technician, or as a manager of another tenant", async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const path = `/accounts/${accountId}/roles`;
      const technician = await world.mspAdmin.post(path, { role: 'technician', tenantId: world.tenantA });
      expectProblem(technician, 422, 'ROLE_NEEDS_MSP_ACCOUNT');
      const elsewhere = await world.mspAdmin.post(path, { role: 'client_manager', tenantId: world.tenantB });
      expectProblem(elsewhere, 422, 'ROLE_OUTSIDE_HOME_TENANT');
    });
  });

  describe('revokeAccountRole', () => {
    const withManagerRole = async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      await accepted(world.mspAdmin.post(`/accounts/${accountId}/roles`, managerRole()));
      return accountId;
    };

    it('revokes a role and the card no longer lists it', async () => {
      const accountId = await withManagerRole();
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/roles/revoke`, managerRole());
      const { checkpoint } = expectAccepted(answer, { events: ['AccountRoleRevoked'], ids: { accountId } });
      expect((await card(accountId, checkpoint)).roles).to.deep.equal([]);
    });

    it('answers 400 naming tenantId when it is left out', async () => {
      const accountId = await withManagerRole();
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/roles/revoke`, {
        role: 'client_manager',
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'tenantId');
    });

    it('refuses a client manager with 403', async () => {
      const accountId = await withManagerRole();
      const answer = await world.managerA.post(`/accounts/${accountId}/roles/revoke`, managerRole());
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the administrator acting in tenant B naming tenant A's account", async () => {
      const accountId = await withManagerRole();
      const answer = await world.mspAdmin
        .in(world.tenantB)
        .post(`/accounts/${accountId}/roles/revoke`, managerRole());
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('refuses with 422 a role the account does not hold', async () => {
      const accountId = await withManagerRole();
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/roles/revoke`, {
        role: 'auditor',
        tenantId: world.tenantA,
      });
      expectProblem(answer, 422, 'ROLE_NOT_GRANTED');
    });
  });

  describe('issueApiToken', () => {
    it('issues a token under a server-made id with a server-made secret, shown once, that then authenticates', async () => {
      const accountId = world.managerA.accountId;
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/tokens`, { name: 'ERP sync' });
      const { ids, checkpoint } = expectAccepted(answer, {
        events: ['AccountApiTokenIssued'],
        created: 'tokenId',
        ids: { accountId },
      });
      expect(answer.body.secret).to.match(/^itp_t_[\w-]{43}$/);
      const { apiTokens } = await card(accountId, checkpoint);
      expect(apiTokens.map((token: { tokenId: string }) => token.tokenId)).to.include(ids.tokenId);
      expect(JSON.stringify(apiTokens)).to.not.include(answer.body.secret);
      const me = await meWith(world.url, answer.body.secret);
      expect(me.status, me.text).to.equal(200);
      expect(me.body.accountId).to.equal(accountId);
    });

    it('answers 400 naming name when it is empty, and secret when the body sends one', async () => {
      const path = `/accounts/${world.managerA.accountId}/tokens`;
      expectProblem(await world.mspAdmin.post(path, { name: '' }), 400, 'COMMAND_INVALID', 'name');
      const chosen = await world.mspAdmin.post(path, { name: 'Mine', secret: `itp_t_${'x'.repeat(43)}` });
      expectProblem(chosen, 400, 'COMMAND_INVALID', 'secret');
    });

    it('refuses a client manager with 403, even for their own account', async () => {
      const answer = await world.managerA.post(`/accounts/${world.managerA.accountId}/tokens`, {
        name: 'Mine',
      });
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the administrator acting in tenant B naming tenant A's account", async () => {
      const answer = await world.mspAdmin
        .in(world.tenantB)
        .post(`/accounts/${world.managerA.accountId}/tokens`, { name: 'Cross' });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 409 for a token id already issued, and 422 for an expiry in the past', async () => {
      const path = `/accounts/${world.managerA.accountId}/tokens`;
      const tokenId = randomUUID();
      await accepted(world.mspAdmin.post(path, { name: 'Once', tokenId }));
      expectProblem(
        await world.mspAdmin.post(path, { name: 'Once', tokenId }),
        409,
        'API_TOKEN_ALREADY_ISSUED',
      );
      const expired = await world.mspAdmin.post(path, { name: 'Old', expiresAt: '2020-01-01T00:00:00Z' });
      expectProblem(expired, 422, 'API_TOKEN_EXPIRY_IN_PAST');
    });
  });

  describe('revokeApiToken', () => {
    const issued = async () => {
      const answer = await world.mspAdmin.post(`/accounts/${world.managerA.accountId}/tokens`, {
        name: 'Temp',
      });
      expect(answer.status, answer.text).to.equal(201);
      return { tokenId: answer.body.ids.tokenId as string, secret: answer.body.secret as string };
    };
    const revokePath = (tokenId: string) => `/accounts/${world.managerA.accountId}/tokens/${tokenId}/revoke`;

    it('revokes a token, which then no longer authenticates', async () => {
      const { tokenId, secret } = await issued();
      const answer = await world.mspAdmin.post(revokePath(tokenId));
      const { checkpoint } = expectAccepted(answer, {
        events: ['AccountApiTokenRevoked'],
        ids: { accountId: world.managerA.accountId, tokenId },
      });
      await card(world.managerA.accountId, checkpoint);
      expectProblem(await meWith(world.url, secret), 401, 'TOKEN_INVALID');
    });

    it('answers 400 naming tokenId for a path id that is not a UUID', async () => {
      expectProblem(await world.mspAdmin.post(revokePath('erp')), 400, 'COMMAND_INVALID', 'tokenId');
    });

    it('refuses a technician with 403', async () => {
      const { tokenId } = await issued();
      expectProblem(await world.technician.post(revokePath(tokenId)), 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the administrator acting in tenant B naming tenant A's token", async () => {
      const { tokenId } = await issued();
      expectProblem(await world.mspAdmin.in(world.tenantB).post(revokePath(tokenId)), 404, 'NOT_FOUND');
    });

    it('answers 404 for a token never issued, and 409 for one already revoked', async () => {
      expectProblem(await world.mspAdmin.post(revokePath(randomUUID())), 404, 'API_TOKEN_NOT_FOUND');
      const { tokenId } = await issued();
      await accepted(world.mspAdmin.post(revokePath(tokenId)));
      expectProblem(await world.mspAdmin.post(revokePath(tokenId)), 409, 'API_TOKEN_ALREADY_REVOKED');
    });
  });
});
