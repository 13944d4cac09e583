import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  expectAccepted,
  expectProblem,
  firstPassword,
  newAccount,
  readAfter,
  uuidShape,
} from './write-fixtures.js';

describe('Write API: accounts', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  /** The account card as the MSP's administrator sees it in tenant A once `checkpoint` is applied. */
  const card = (accountId: string, checkpoint: string) =>
    readAfter(world.mspAdmin, `/accounts/${accountId}`, checkpoint);

  describe('createAccount', () => {
    it('creates an account under a server-made UUID that can then log in', async () => {
      const email = `anna.${randomUUID().slice(0, 8)}@example.com`;
      const answer = await world.mspAdmin.post('/accounts', {
        email,
        displayName: 'Anna',
        password: firstPassword,
        personId: world.employeePersonId,
      });
      const { ids, checkpoint } = expectAccepted(answer, {
        events: ['AccountCreated', 'AccountPasswordSet'],
        created: 'accountId',
      });
      expect(ids.accountId).to.match(uuidShape);
      expect(await card(ids.accountId as string, checkpoint)).to.include({
        email,
        homeTenantId: world.tenantA,
        personId: world.employeePersonId,
        disabled: false,
      });
      expect((await world.login(email, firstPassword)).status).to.equal(200);
    });

    it('answers 400 naming password and email for a short password and a malformed address', async () => {
      const answer = await world.mspAdmin.post('/accounts', {
        email: 'nope',
        displayName: 'X',
        password: 'short',
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'password');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).to.include('email');
    });

    it('refuses every role but msp_admin with 403', async () => {
      const body = {
        email: `x.${randomUUID().slice(0, 8)}@example.com`,
        displayName: 'X',
        password: firstPassword,
      };
      for (const client of [world.technician, world.managerA, world.auditorA, world.employeeA]) {
        expectProblem(await client.post('/accounts', body), 403, 'ROLE_NOT_ALLOWED');
      }
    });

    it('answers 409 for an e-mail address already used, in any tenant', async () => {
      const { email } = await newAccount(world.mspAdmin);
      const body = { email: email.toUpperCase(), displayName: 'Again', password: firstPassword };
      expectProblem(await world.mspAdmin.post('/accounts', body), 409, 'ACCOUNT_EMAIL_TAKEN');
      expectProblem(
        await world.mspAdmin.in(world.tenantB).post('/accounts', body),
        409,
        'ACCOUNT_EMAIL_TAKEN',
      );
    });

    it("answers 404 when tenant B reuses the id of tenant A's account", async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin.in(world.tenantB).post('/accounts', {
        accountId,
        email: `b.${randomUUID().slice(0, 8)}@example.com`,
        displayName: 'B',
        password: firstPassword,
      });
      expectProblem(answer, 404, 'NOT_FOUND');
    });
  });

  describe('setAccountPassword', () => {
    it("sets another account's password: the new one logs in, the old one no longer does", async () => {
      const { accountId, email } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/password`, {
        password: 'second password, longer',
      });
      const { checkpoint } = expectAccepted(answer, { events: ['AccountPasswordSet'], ids: { accountId } });
      await card(accountId, checkpoint);
      expect((await world.login(email, 'second password, longer')).status).to.equal(200);
      expect((await world.login(email, firstPassword)).status).to.equal(401);
    });

    it('lets an account that is no administrator set its own password', async () => {
      const answer = await world.auditorA.post(`/accounts/${world.auditorA.accountId}/password`, {
        password: 'the auditor chose this one',
      });
      const { checkpoint } = expectAccepted(answer, {
        events: ['AccountPasswordSet'],
        ids: { accountId: world.auditorA.accountId },
      });
      await card(world.auditorA.accountId, checkpoint);
      expect((await world.login(world.auditorA.email, 'the auditor chose this one')).status).to.equal(200);
    });

    it('answers 400 naming password when it is shorter than 12 characters', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/password`, {
        password: 'eleven char',
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'password');
    });

    it("refuses with 403 a client manager setting another account's password", async () => {
      const answer = await world.managerA.post(`/accounts/${world.employeeA.accountId}/password`, {
        password: 'taken over by the manager',
      });
      expectProblem(answer, 403, 'ACCOUNT_FORBIDDEN');
    });

    it("answers 404 to tenant B's manager and to the administrator acting in B naming tenant A's account", async () => {
      const body = { password: 'from the other tenant' };
      const path = `/accounts/${world.employeeA.accountId}/password`;
      expectProblem(await world.managerB.post(path, body), 404, 'NOT_FOUND');
      expectProblem(await world.mspAdmin.in(world.tenantB).post(path, body), 404, 'NOT_FOUND');
    });
  });

  describe('disableAccount', () => {
    it('disables an account, which can then no longer log in', async () => {
      const { accountId, email } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin.post(`/accounts/${accountId}/disable`, {
        reason: 'Left the company',
      });
      const { checkpoint } = expectAccepted(answer, { events: ['AccountDisabled'], ids: { accountId } });
      expect((await card(accountId, checkpoint)).disabled).to.equal(true);
      expectProblem(await world.login(email, firstPassword), 401, 'LOGIN_FAILED');
    });

    it('answers 400 naming reason when it is empty', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      expectProblem(
        await world.mspAdmin.post(`/accounts/${accountId}/disable`, { reason: '' }),
        400,
        'COMMAND_INVALID',
        'reason',
      );
    });

    it('refuses an auditor with 403', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.auditorA.post(`/accounts/${accountId}/disable`, { reason: 'x' });
      expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the administrator acting in tenant B naming tenant A's account", async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      const answer = await world.mspAdmin
        .in(world.tenantB)
        .post(`/accounts/${accountId}/disable`, { reason: 'x' });
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 409 for an account that is already disabled', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      await accepted(world.mspAdmin.post(`/accounts/${accountId}/disable`, { reason: 'Once' }));
      const again = await world.mspAdmin.post(`/accounts/${accountId}/disable`, { reason: 'Twice' });
      expectProblem(again, 409, 'ACCOUNT_ALREADY_DISABLED');
    });
  });

  describe('enableAccount', () => {
    const disabledAccount = async () => {
      const account = await newAccount(world.mspAdmin);
      await accepted(world.mspAdmin.post(`/accounts/${account.accountId}/disable`, { reason: 'On leave' }));
      return account;
    };

    it('enables a disabled account, which can then log in again', async () => {
      const { accountId, email } = await disabledAccount();
      const { checkpoint } = expectAccepted(await world.mspAdmin.post(`/accounts/${accountId}/enable`), {
        events: ['AccountEnabled'],
        ids: { accountId },
      });
      expect((await card(accountId, checkpoint)).disabled).to.equal(false);
      expect((await world.login(email, firstPassword)).status).to.equal(200);
    });

    it('answers 400 naming accountId for a path id that is not a UUID', async () => {
      expectProblem(await world.mspAdmin.post('/accounts/anna/enable'), 400, 'COMMAND_INVALID', 'accountId');
    });

    it('refuses a technician with 403', async () => {
      const { accountId } = await disabledAccount();
      expectProblem(await world.technician.post(`/accounts/${accountId}/enable`), 403, 'ROLE_NOT_ALLOWED');
    });

    it("answers 404 to the administrator acting in tenant B naming tenant A's account", async () => {
      const { accountId } = await disabledAccount();
      const answer = await world.mspAdmin.in(world.tenantB).post(`/accounts/${accountId}/enable`);
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 409 for an account that is not disabled', async () => {
      const { accountId } = await newAccount(world.mspAdmin);
      expectProblem(await world.mspAdmin.post(`/accounts/${accountId}/enable`), 409, 'ACCOUNT_NOT_DISABLED');
    });
  });
});
