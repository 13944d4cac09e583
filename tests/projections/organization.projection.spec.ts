import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  changeLabourRate,
  changeReplacementPolicy,
  changeSlaPolicy,
  changeTicketReopenWindow,
  changeTimeZone,
  registerOrganization,
  renameOrganization,
} from '../../commands/organization/organization-command-handlers.js';
import type { EventStore } from '../../event-store/index.js';
import {
  listOrganizations,
  type OrganizationTables,
  organizationCard,
  organizationProjection,
  type ProjectionRunner,
} from '../../projections/index.js';
import { organizationPayload, slaPolicyPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const admin = (tenantId: string, now = '2026-03-02T10:00:00.000Z'): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'admin-1', role: 'msp_admin' },
  now,
});

describe('Organization projection: the tenant picker and the settings page', () => {
  let store: EventStore;
  let db: Kysely<OrganizationTables>;
  let runner: ProjectionRunner;

  const run = async <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) => {
    const result = await executeCommand({ store }, definition, payload, env);
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 10_000)).to.equal(true);
    return result;
  };
  const register = async (name: string, overrides: Record<string, unknown> = {}) => {
    const tenantId = randomUUID();
    await run(registerOrganization, organizationPayload(tenantId, { name, ...overrides }), admin(tenantId));
    return tenantId;
  };

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<OrganizationTables>(
      [organizationProjection],
      'organizations',
    ));
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('shows a registered organization with every setting it was registered with', async () => {
    const tenantId = await register('Acme', { replacementAgeMonths: { laptop: 48 } });
    const card = await organizationCard(db, tenantId);
    expect(card).to.deep.include({
      tenant_id: tenantId,
      name: 'Acme',
      default_currency: 'PLN',
      time_zone: 'Europe/Warsaw',
      sla_policy: slaPolicyPayload,
      labour_rate: { amount: 18000, currency: 'PLN' },
      replacement_age_months: { laptop: 48 },
      ticket_reopen_window_days: 14,
    });
    expect(card?.registered_at.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
    expect(card?.updated_at.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
  });

  it('follows every change of the settings, and when the last one was made', async () => {
    const tenantId = await register('Acme');
    const organizationId = tenantId;
    const later = (day: number) => admin(tenantId, `2026-03-${String(day).padStart(2, '0')}T08:00:00.000Z`);
    const slaPolicy = { ...slaPolicyPayload, P1: { firstResponseMinutes: 10, resolutionMinutes: 120 } };
    await run(renameOrganization, { organizationId, name: 'Acme Polska' }, later(3));
    await run(changeTimeZone, { organizationId, timeZone: 'Europe/London' }, later(4));
    await run(changeSlaPolicy, { organizationId, slaPolicy }, later(5));
    await run(changeLabourRate, { organizationId, labourRate: { amount: 21000, currency: 'PLN' } }, later(6));
    await run(changeReplacementPolicy, { organizationId, replacementAgeMonths: { phone: 24 } }, later(7));
    await run(changeTicketReopenWindow, { organizationId, ticketReopenWindowDays: 30 }, later(8));

    const card = await organizationCard(db, tenantId);
    expect(card).to.deep.include({
      name: 'Acme Polska',
      default_currency: 'PLN',
      time_zone: 'Europe/London',
      sla_policy: slaPolicy,
      labour_rate: { amount: 21000, currency: 'PLN' },
      replacement_age_months: { phone: 24 },
      ticket_reopen_window_days: 30,
    });
    expect(card?.registered_at.toISOString()).to.equal('2026-03-02T10:00:00.000Z');
    expect(card?.updated_at.toISOString()).to.equal('2026-03-08T08:00:00.000Z');
  });

  it('lists the given tenants, or all, by name, and nothing for no tenant or an unknown one', async () => {
    const zeta = await register('Zeta');
    const acme = await register('Acme');
    const beta = await register('Beta');

    const names = (rows: { name: string }[]) => rows.map((row) => row.name);
    expect(names(await listOrganizations(db, 'all'))).to.deep.equal(['Acme', 'Beta', 'Zeta']);
    expect(names(await listOrganizations(db, [zeta, beta]))).to.deep.equal(['Beta', 'Zeta']);
    expect(names(await listOrganizations(db, [acme, randomUUID()]))).to.deep.equal(['Acme']);
    expect(await listOrganizations(db, [])).to.deep.equal([]);
    expect(await organizationCard(db, randomUUID())).to.equal(undefined);
  });
});
