import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import {
  type CommandDefinition,
  CommandValidationError,
  executeCommand,
} from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  changeLabourRate,
  changeSlaPolicy,
  organizationCommands,
  registerOrganization,
  renameOrganization,
} from '../../commands/organization/organization-command-handlers.js';
import { organizationStream } from '../../commands/streams.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import { failureOf } from '../support/commands.js';
import { collect } from '../support/events.js';
import { commandStores } from '../support/stores.js';

const envelope = (tenantId: string, role: Role = 'msp_admin', overrides: Partial<CommandEnvelope> = {}) => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'admin-1', role },
  now: '2026-03-02T10:00:00.000Z',
  ...overrides,
});

const slaPolicy = {
  P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
  P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  P3: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  P4: { firstResponseMinutes: 480, resolutionMinutes: 4320 },
};

const organization = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  name: 'Acme Sp. z o.o.',
  defaultCurrency: 'PLN',
  timeZone: 'Europe/Warsaw',
  slaPolicy,
  labourRate: { amount: 18000, currency: 'PLN' },
  replacementAgeMonths: { laptop: 36, phone: 24 },
  ...overrides,
});

for (const { name, create } of commandStores()) {
  describe(`Organization commands (${name})`, () => {
    let store: EventStore;
    let tenantId: string;
    const run = <Input>(definition: CommandDefinition<Input>, payload: unknown, env = envelope(tenantId)) =>
      executeCommand({ store }, definition, payload, env);
    const stored = () => collect(store.readStream(organizationStream(tenantId)));

    beforeEach(async () => {
      store = await create();
      tenantId = randomUUID();
    });
    afterEach(async () => {
      await store.close();
    });

    it("registers the tenant's organization in its own stream, with the default reopen window", async () => {
      const result = await run(registerOrganization, organization(tenantId));
      expect(result).to.include({ stream: `organization-${tenantId}`, revision: 0n });
      expect(result.checkpoint).to.be.a('string');
      const [event] = await stored();
      expect(event?.type).to.equal('OrganizationRegistered');
      expect(event?.data).to.include({ organizationId: tenantId, ticketReopenWindowDays: 14 });
      expect(event?.metadata).to.include({ tenantId });
    });

    it('changes a setting, and saving the same value again records nothing', async () => {
      await run(registerOrganization, organization(tenantId));
      const renamed = await run(renameOrganization, { organizationId: tenantId, name: 'Acme S.A.' });
      expect(renamed.eventTypes).to.deep.equal(['OrganizationRenamed']);
      const again = await run(renameOrganization, { organizationId: tenantId, name: ' Acme S.A. ' });
      expect(again.eventTypes).to.deep.equal([]);
      expect((await stored()).map((e) => e.type)).to.deep.equal([
        'OrganizationRegistered',
        'OrganizationRenamed',
      ]);
    });

    it('stores the events of a repeated command once and answers as the first time', async () => {
      const register = envelope(tenantId);
      const first = await run(registerOrganization, organization(tenantId), register);
      expect(await run(registerOrganization, organization(tenantId), register)).to.deep.equal(first);
      const policy = { ...slaPolicy, P1: { firstResponseMinutes: 10, resolutionMinutes: 120 } };
      const change = envelope(tenantId);
      const changed = await run(changeSlaPolicy, { organizationId: tenantId, slaPolicy: policy }, change);
      expect(
        await run(changeSlaPolicy, { organizationId: tenantId, slaPolicy: policy }, change),
      ).to.deep.equal(changed);
      expect(await stored()).to.have.length(2);
    });

    it('refuses to register an organization under the id of another tenant than the one addressed', async () => {
      const other = randomUUID();
      const error = await failureOf(run(registerOrganization, organization(other)));
      expect(error).to.be.instanceOf(CommandValidationError);
      expect((error as CommandValidationError).issues.map((i) => i.path)).to.deep.equal(['organizationId']);
      expect(await collect(store.readStream(organizationStream(other)))).to.have.length(0);
    });

    it("answers another tenant's organization as not found and leaves it unchanged", async () => {
      await run(registerOrganization, organization(tenantId));
      const error = await failureOf(
        run(renameOrganization, { organizationId: tenantId, name: 'Taken over' }, envelope(randomUUID())),
      );
      expect(error).to.include({ kind: 'not_found' });
      expect(await stored()).to.have.length(1);
    });

    it('refuses a payload that does not match the schema, naming the fields', async () => {
      const { P4: _, ...withoutP4 } = slaPolicy;
      const error = await failureOf(
        run(
          registerOrganization,
          organization(tenantId, {
            slaPolicy: withoutP4,
            timeZone: 'Warsaw',
            replacementAgeMonths: { toaster: 12 },
            colour: 'red',
          }),
        ),
      );
      expect(error).to.be.instanceOf(CommandValidationError);
      const paths = (error as CommandValidationError).issues.map((i) => i.path);
      expect(paths).to.include.members([
        'slaPolicy.P4',
        'timeZone',
        'replacementAgeMonths.toaster',
        'colour',
      ]);
      expect(await stored()).to.have.length(0);
    });

    it('refuses every role but the MSP administrator', async () => {
      for (const role of ['technician', 'client_manager', 'employee', 'auditor'] as const) {
        const error = await failureOf(
          run(registerOrganization, organization(tenantId), envelope(tenantId, role)),
        );
        expect(error).to.include({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' });
      }
      expect(await stored()).to.have.length(0);
    });

    it("passes the organization's business rules through from the decider", async () => {
      await run(registerOrganization, organization(tenantId));
      const error = await failureOf(
        run(changeLabourRate, { organizationId: tenantId, labourRate: { amount: 5000, currency: 'EUR' } }),
      );
      expect(error).to.include({ code: 'LABOUR_RATE_CURRENCY_MISMATCH', kind: 'rule' });
    });
  });
}

describe('Organization command list', () => {
  it('holds every organization command once, by type', () => {
    const types = organizationCommands.map((c) => c.type);
    expect(new Set(types).size).to.equal(types.length);
    expect(types).to.have.length(7);
  });
});
