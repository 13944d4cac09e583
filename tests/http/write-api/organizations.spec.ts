import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { organizationPayload, slaPolicyPayload } from '../../support/commands.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { accepted, expectAccepted, expectProblem, readAfter, uuidShape } from './write-fixtures.js';

/** A RegisterOrganization body without the id, which the server makes. */
const organizationBody = (overrides: Record<string, unknown> = {}) => {
  const { organizationId: _made, ...body } = organizationPayload(randomUUID(), overrides);
  return body;
};

/** One settings endpoint: a change, what the organization shows afterwards, a malformed body, a refused one. */
interface SettingsRow {
  operationId: string;
  path: string;
  body: Record<string, unknown>;
  event: string;
  shows: (organization: Record<string, unknown>) => void;
  invalid: { body: Record<string, unknown>; path: string };
  refused?: { body: Record<string, unknown>; code: string };
}

const slower = { ...slaPolicyPayload, P1: { firstResponseMinutes: 30, resolutionMinutes: 300 } };

const settings: SettingsRow[] = [
  {
    operationId: 'renameOrganization',
    path: 'rename',
    body: { name: 'Gamma Holding S.A.' },
    event: 'OrganizationRenamed',
    shows: (organization) => expect(organization.name).to.equal('Gamma Holding S.A.'),
    invalid: { body: { name: '' }, path: 'name' },
  },
  {
    operationId: 'changeTimeZone',
    path: 'time-zone',
    body: { timeZone: 'Europe/Berlin' },
    event: 'OrganizationTimeZoneChanged',
    shows: (organization) => expect(organization.time_zone).to.equal('Europe/Berlin'),
    invalid: { body: { timeZone: 'not a zone' }, path: 'timeZone' },
  },
  {
    operationId: 'changeSlaPolicy',
    path: 'sla-policy',
    body: { slaPolicy: slower },
    event: 'OrganizationSlaPolicyChanged',
    shows: (organization) => expect(organization.sla_policy).to.deep.equal(slower),
    invalid: {
      body: { slaPolicy: { ...slaPolicyPayload, P2: { firstResponseMinutes: -1, resolutionMinutes: 60 } } },
      path: 'slaPolicy.P2.firstResponseMinutes',
    },
    refused: {
      body: { slaPolicy: { ...slaPolicyPayload, P3: { firstResponseMinutes: 600, resolutionMinutes: 60 } } },
      code: 'SLA_FIRST_RESPONSE_AFTER_RESOLUTION',
    },
  },
  {
    operationId: 'changeLabourRate',
    path: 'labour-rate',
    body: { labourRate: { amount: 21000, currency: 'PLN' } },
    event: 'OrganizationLabourRateChanged',
    shows: (organization) =>
      expect(organization.labour_rate).to.deep.equal({ amount: 21000, currency: 'PLN' }),
    invalid: { body: { labourRate: { amount: 1.5, currency: 'PLN' } }, path: 'labourRate.amount' },
    refused: {
      body: { labourRate: { amount: 100, currency: 'EUR' } },
      code: 'LABOUR_RATE_CURRENCY_MISMATCH',
    },
  },
  {
    operationId: 'changeReplacementPolicy',
    path: 'replacement-policy',
    body: { replacementAgeMonths: { laptop: 36 } },
    event: 'OrganizationReplacementPolicyChanged',
    shows: (organization) => expect(organization.replacement_age_months).to.deep.equal({ laptop: 36 }),
    invalid: { body: { replacementAgeMonths: { laptop: 0 } }, path: 'replacementAgeMonths.laptop' },
  },
  {
    operationId: 'changeTicketReopenWindow',
    path: 'ticket-reopen-window',
    body: { ticketReopenWindowDays: 30 },
    event: 'OrganizationTicketReopenWindowChanged',
    shows: (organization) => expect(organization.ticket_reopen_window_days).to.equal(30),
    invalid: { body: { ticketReopenWindowDays: 'thirty' }, path: 'ticketReopenWindowDays' },
  },
];

describe('Write API: organizations', function () {
  this.timeout(60_000);
  let world: TestWorld;
  /** A tenant registered through the API in this spec, so changing its settings disturbs no other. */
  let gamma: string;
  before(async () => {
    world = await startTestWorld();
    gamma = (await accepted(world.mspAdmin.post('/organizations', organizationBody({ name: 'Gamma' })))).ids
      .organizationId as string;
  });
  after(() => world?.close());

  describe('registerOrganization', () => {
    it('registers a new tenant under a server-made UUID and answers 201 with it', async () => {
      const answer = await world.mspAdmin.post('/organizations', organizationBody({ name: 'Delta Sp. j.' }));
      const { ids, checkpoint } = expectAccepted(answer, {
        events: ['OrganizationRegistered'],
        created: 'organizationId',
      });
      const organization = await readAfter(
        world.mspAdmin.in(ids.organizationId as string),
        '/organization',
        checkpoint,
      );
      expect(organization).to.include({
        tenant_id: ids.organizationId,
        name: 'Delta Sp. j.',
        time_zone: 'Europe/Warsaw',
      });
    });

    it('registers the tenant the body names when it chooses the id', async () => {
      const organizationId = randomUUID();
      const answer = await world.mspAdmin.post('/organizations', {
        ...organizationBody({ name: 'Epsilon' }),
        organizationId,
      });
      const { checkpoint } = expectAccepted(answer, {
        events: ['OrganizationRegistered'],
        created: 'organizationId',
        ids: { organizationId },
      });
      expect(await readAfter(world.mspAdmin.in(organizationId), '/organization', checkpoint)).to.include({
        name: 'Epsilon',
      });
    });

    it('registers a distinct tenant for each request sent without an Idempotency-Key', async () => {
      const body = organizationBody({ name: 'Twice' });
      const first = expectAccepted(await world.mspAdmin.post('/organizations', body), {
        events: ['OrganizationRegistered'],
        created: 'organizationId',
      });
      const second = expectAccepted(await world.mspAdmin.post('/organizations', body), {
        events: ['OrganizationRegistered'],
        created: 'organizationId',
      });
      expect(second.ids.organizationId).to.match(uuidShape).and.not.equal(first.ids.organizationId);
      expect(second.commandId).to.not.equal(first.commandId);
    });

    it('answers 400 naming the field when the SLA policy lacks a priority', async () => {
      const { P4: _left, ...threePriorities } = slaPolicyPayload;
      const answer = await world.mspAdmin.post(
        '/organizations',
        organizationBody({ slaPolicy: threePriorities }),
      );
      expectProblem(answer, 400, 'COMMAND_INVALID', 'slaPolicy.P4');
    });

    it('refuses a technician and a client manager with 403', async () => {
      expectProblem(
        await world.technician.post('/organizations', organizationBody()),
        403,
        'ROLE_NOT_ALLOWED',
      );
      expectProblem(await world.managerA.post('/organizations', organizationBody()), 403, 'ROLE_NOT_ALLOWED');
    });

    it('refuses with 422 to register a tenant that is already registered', async () => {
      const answer = await world.mspAdmin.post('/organizations', {
        ...organizationBody(),
        organizationId: world.tenantA,
      });
      expectProblem(answer, 422, 'ORGANIZATION_ALREADY_REGISTERED');
    });
  });

  for (const row of settings) {
    describe(row.operationId, () => {
      it(`changes the setting and the organization shows it (${row.event})`, async () => {
        const answer = await world.mspAdmin.in(gamma).post(`/organizations/${gamma}/${row.path}`, row.body);
        const { checkpoint } = expectAccepted(answer, {
          events: [row.event],
          ids: { organizationId: gamma },
        });
        row.shows(await readAfter(world.mspAdmin.in(gamma), '/organization', checkpoint));
      });

      it(`answers 400 naming ${row.invalid.path} for a malformed value`, async () => {
        const answer = await world.mspAdmin
          .in(gamma)
          .post(`/organizations/${gamma}/${row.path}`, row.invalid.body);
        expectProblem(answer, 400, 'COMMAND_INVALID', row.invalid.path);
      });

      it("refuses with 403 a client manager changing their own company's setting", async () => {
        const answer = await world.managerA.post(`/organizations/${world.tenantA}/${row.path}`, row.body);
        expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
      });

      it("answers 404 when acting in tenant B on tenant A's organization", async () => {
        const answer = await world.mspAdmin
          .in(world.tenantB)
          .post(`/organizations/${world.tenantA}/${row.path}`, row.body);
        expectProblem(answer, 404, 'ORGANIZATION_NOT_FOUND');
      });

      if (row.refused) {
        const refused = row.refused;
        it(`refuses with 422 ${refused.code}`, async () => {
          const answer = await world.mspAdmin
            .in(gamma)
            .post(`/organizations/${gamma}/${row.path}`, refused.body);
          expectProblem(answer, 422, refused.code);
        });
      }
    });
  }

  it('records nothing, and answers no checkpoint, when a setting is saved unchanged', async () => {
    const tenant = (await accepted(world.mspAdmin.post('/organizations', organizationBody({ name: 'Same' }))))
      .ids.organizationId as string;
    const answer = await world.mspAdmin.in(tenant).post(`/organizations/${tenant}/rename`, { name: 'Same' });
    expect(answer.status, answer.text).to.equal(200);
    expect(answer.body).to.deep.include({ events: [], checkpoint: null, ids: { organizationId: tenant } });
    expect(answer.headers.get('x-checkpoint')).to.equal(null);
  });
});
