import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { accepted, expectAccepted, expectProblem, newPerson, readAfter } from './write-fixtures.js';

const vpn = { system: 'VPN', monthlyCost: { amount: 2500, currency: 'PLN' } };

describe("Write API: people's accesses", function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  /** The person card as the client manager sees it once `checkpoint` is applied. */
  const card = (personId: string, checkpoint: string) =>
    readAfter(world.managerA, `/people/${personId}`, checkpoint);

  describe('grantAccess', () => {
    it('grants an access under a server-made UUID and the card lists it', async () => {
      const personId = await newPerson(world.technician);
      const answer = await world.technician.post(`/people/${personId}/accesses`, vpn);
      const { ids, checkpoint } = expectAccepted(answer, {
        events: ['AccessGranted'],
        created: 'accessId',
        ids: { personId },
      });
      const { accesses } = await card(personId, checkpoint);
      expect(accesses).to.have.length(1);
      expect(accesses[0]).to.include({ access_id: ids.accessId, system: 'VPN', revoked_at: null });
    });

    it('answers 400 naming monthlyCost.currency for a lower-case currency', async () => {
      const answer = await world.technician.post(`/people/${world.employeePersonId}/accesses`, {
        system: 'ERP',
        monthlyCost: { amount: 100, currency: 'pln' },
      });
      expectProblem(answer, 400, 'COMMAND_INVALID', 'monthlyCost.currency');
    });

    it('refuses a client manager with 403', async () => {
      expectProblem(
        await world.managerA.post(`/people/${world.employeePersonId}/accesses`, vpn),
        403,
        'ROLE_NOT_ALLOWED',
      );
    });

    it("answers 404 to the technician acting in tenant B naming tenant A's person", async () => {
      const answer = await world.technician
        .in(world.tenantB)
        .post(`/people/${world.employeePersonId}/accesses`, vpn);
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 409 for a second live access to the same system, or an access id already used', async () => {
      const personId = await newPerson(world.technician);
      const { ids } = await accepted(world.technician.post(`/people/${personId}/accesses`, vpn));
      expectProblem(
        await world.technician.post(`/people/${personId}/accesses`, vpn),
        409,
        'ACCESS_ALREADY_GRANTED',
      );
      const reused = await world.technician.post(`/people/${personId}/accesses`, {
        ...vpn,
        system: 'ERP',
        accessId: ids.accessId,
      });
      expectProblem(reused, 409, 'ACCESS_ID_TAKEN');
    });
  });

  describe('revokeAccess', () => {
    const withAccess = async () => {
      const personId = await newPerson(world.technician);
      const { ids } = await accepted(world.technician.post(`/people/${personId}/accesses`, vpn));
      return { personId, accessId: ids.accessId as string };
    };

    it('revokes the access and the card shows when', async () => {
      const { personId, accessId } = await withAccess();
      const answer = await world.technician.post(`/people/${personId}/accesses/${accessId}/revoke`);
      const { checkpoint } = expectAccepted(answer, {
        events: ['AccessRevoked'],
        ids: { personId, accessId },
      });
      const { accesses } = await card(personId, checkpoint);
      expect(accesses[0].revoked_at).to.be.a('string');
    });

    it('answers 400 naming accessId for a path id that is not a UUID', async () => {
      const answer = await world.technician.post(`/people/${world.employeePersonId}/accesses/vpn/revoke`);
      expectProblem(answer, 400, 'COMMAND_INVALID', 'accessId');
    });

    it('refuses an employee with 403', async () => {
      const { personId, accessId } = await withAccess();
      expectProblem(
        await world.employeeA.post(`/people/${personId}/accesses/${accessId}/revoke`),
        403,
        'ROLE_NOT_ALLOWED',
      );
    });

    it("answers 404 to the technician acting in tenant B naming tenant A's access", async () => {
      const { personId, accessId } = await withAccess();
      const answer = await world.technician
        .in(world.tenantB)
        .post(`/people/${personId}/accesses/${accessId}/revoke`);
      expectProblem(answer, 404, 'NOT_FOUND');
    });

    it('answers 404 for an access the person never had, and 422 for one already revoked', async () => {
      const { personId, accessId } = await withAccess();
      const unknown = await world.technician.post(`/people/${personId}/accesses/${randomUUID()}/revoke`);
      expectProblem(unknown, 404, 'ACCESS_NOT_FOUND');
      await accepted(world.technician.post(`/people/${personId}/accesses/${accessId}/revoke`));
      const again = await world.technician.post(`/people/${personId}/accesses/${accessId}/revoke`);
      expectProblem(again, 422, 'ACCESS_ALREADY_REVOKED');
    });
  });
});
