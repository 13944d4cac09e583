import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { type CommandDefinition, executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import {
  registerDevice,
  reportDeviceLost,
  retireDevice,
} from '../../commands/device/device-command-handlers.js';
import {
  changeReplacementPolicy,
  registerOrganization,
} from '../../commands/organization/organization-command-handlers.js';
import type { Role } from '../../domain/shared/index.js';
import type { EventStore } from '../../event-store/index.js';
import type { ProjectionRunner } from '../../projections/projection-runner.js';
import { replacementProjection } from '../../projections/replacement/replacement.projection.js';
import { replacementPlan } from '../../projections/replacement/replacement.queries.js';
import type { ReplacementTables } from '../../projections/replacement/replacement.tables.js';
import { laptopPayload } from '../support/commands.js';
import { openProjectionHarness } from '../support/projections.js';

const slaTarget = { firstResponseMinutes: 60, resolutionMinutes: 480 };
const slaPolicy = { P1: slaTarget, P2: slaTarget, P3: slaTarget, P4: slaTarget };
const now = '2026-03-02T10:00:00.000Z';

describe('Replacement plan projection: devices due by age or by warranty end', () => {
  let store: EventStore;
  let db: Kysely<ReplacementTables>;
  let runner: ProjectionRunner;
  let tenantA: string;
  let tenantB: string;
  let last: { checkpoint: string | undefined };

  const envelope = (tenantId: string, role: Role = 'technician'): CommandEnvelope => ({
    commandId: randomUUID(),
    tenantId,
    actor: { id: `${role}-1`, role },
    now,
  });
  const run = async <Input>(definition: CommandDefinition<Input>, payload: unknown, env: CommandEnvelope) => {
    last = await executeCommand({ store }, definition, payload, env);
    return last;
  };
  const organization = (tenantId: string, replacementAgeMonths: Record<string, number>) =>
    run(
      registerOrganization,
      {
        organizationId: tenantId,
        name: 'Acme',
        defaultCurrency: 'PLN',
        timeZone: 'Europe/Warsaw',
        slaPolicy,
        labourRate: { amount: 18000, currency: 'PLN' },
        replacementAgeMonths,
      },
      envelope(tenantId, 'msp_admin'),
    );
  const device = async (tenantId: string, overrides: Record<string, unknown>) => {
    const payload = laptopPayload(overrides);
    await run(registerDevice, payload, envelope(tenantId));
    return payload;
  };
  const settled = async () => {
    expect(await runner.waitForCheckpoint(last.checkpoint as string, 5_000)).to.equal(true);
  };

  beforeEach(async () => {
    ({ store, db, runner } = await openProjectionHarness<ReplacementTables>([replacementProjection]));
    tenantA = randomUUID();
    tenantB = randomUUID();
  });
  afterEach(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('lists a device past the replacement age for its kind and one whose warranty ends within 90 days, with the reasons and purchase cost', async () => {
    await organization(tenantA, { laptop: 36, phone: 24 });
    const old = await device(tenantA, {
      assetTag: 'A-1',
      purchaseDate: '2022-01-10',
      warrantyEnd: '2025-01-10',
      purchaseCost: { amount: 450000, currency: 'PLN' },
    });
    const ending = await device(tenantA, {
      assetTag: 'A-2',
      kind: 'monitor',
      purchaseDate: '2025-06-01',
      warrantyEnd: '2026-05-31',
      purchaseCost: { amount: 89900, currency: 'EUR' },
    });
    const both = await device(tenantA, {
      assetTag: 'A-3',
      kind: 'phone',
      purchaseDate: '2024-03-02',
      warrantyEnd: '2026-03-02',
    });
    // Not due: young, long warranty; a warranty ending on day 91; a kind with no replacement age.
    await device(tenantA, { assetTag: 'A-4', purchaseDate: '2025-01-15', warrantyEnd: '2028-01-15' });
    await device(tenantA, { assetTag: 'A-5', purchaseDate: '2025-06-01', warrantyEnd: '2026-06-01' });
    await device(tenantA, {
      assetTag: 'A-6',
      kind: 'printer',
      purchaseDate: '2015-01-01',
      warrantyEnd: '2030-01-01',
    });
    await settled();

    const plan = await replacementPlan(db, tenantA, now);
    expect(plan.items.map((item) => [item.assetTag, item.reasons, item.expectedCost])).to.deep.equal([
      ['A-1', ['replacement_age'], { amount: 450000, currency: 'PLN' }],
      ['A-2', ['warranty_ending'], { amount: 89900, currency: 'EUR' }],
      ['A-3', ['replacement_age', 'warranty_ending'], { amount: 549900, currency: 'PLN' }],
    ]);
    expect(plan.items.map((item) => [item.deviceId, item.replacementDue])).to.deep.equal([
      [old.deviceId, '2025-01-10'],
      [ending.deviceId, null],
      [both.deviceId, '2026-03-02'],
    ]);
    expect(plan.nextCursor).to.equal(undefined);
  });

  it('leaves out retired and lost devices, however old', async () => {
    await organization(tenantA, { laptop: 36 });
    const retired = await device(tenantA, {
      assetTag: 'R-1',
      purchaseDate: '2020-01-01',
      warrantyEnd: '2023-01-01',
    });
    const lost = await device(tenantA, {
      assetTag: 'L-1',
      purchaseDate: '2020-01-01',
      warrantyEnd: '2026-04-01',
    });
    await device(tenantA, { assetTag: 'K-1', purchaseDate: '2020-01-01', warrantyEnd: '2023-01-01' });
    await run(
      retireDevice,
      {
        deviceId: retired.deviceId,
        reason: 'end_of_life',
        residualValue: { amount: 0, currency: 'PLN' },
        note: '',
      },
      envelope(tenantA),
    );
    await run(
      reportDeviceLost,
      { deviceId: lost.deviceId, loss: 'stolen', note: 'Train' },
      envelope(tenantA),
    );
    await settled();

    expect((await replacementPlan(db, tenantA, now)).items.map((item) => item.assetTag)).to.deep.equal([
      'K-1',
    ]);
  });

  it("follows the tenant's replacement policy as it changes, and pages by asset tag", async () => {
    await organization(tenantA, { laptop: 36 });
    for (const assetTag of ['P-3', 'P-1', 'P-2']) {
      await device(tenantA, { assetTag, purchaseDate: '2022-06-01', warrantyEnd: '2025-06-01' });
    }
    await settled();
    const first = await replacementPlan(db, tenantA, now, { limit: 2 });
    const second = await replacementPlan(db, tenantA, now, { limit: 2, cursor: first.nextCursor as string });
    expect([...first.items, ...second.items].map((item) => item.assetTag)).to.deep.equal([
      'P-1',
      'P-2',
      'P-3',
    ]);

    await run(
      changeReplacementPolicy,
      { organizationId: tenantA, replacementAgeMonths: { laptop: 60 } },
      envelope(tenantA, 'msp_admin'),
    );
    await settled();
    expect((await replacementPlan(db, tenantA, now)).items).to.deep.equal([]);
    expect((await replacementPlan(db, tenantA, '2027-06-01T00:00:00.000Z')).items).to.have.length(3);
  });

  it("never shows one tenant's devices in another tenant's plan", async () => {
    await organization(tenantA, { laptop: 36 });
    await organization(tenantB, { laptop: 36 });
    const theirs = await device(tenantB, {
      assetTag: 'B-1',
      purchaseDate: '2020-01-01',
      warrantyEnd: '2023-01-01',
    });
    await device(tenantA, { assetTag: 'A-1', purchaseDate: '2025-01-01', warrantyEnd: '2028-01-01' });
    await settled();

    expect((await replacementPlan(db, tenantA, now)).items).to.deep.equal([]);
    expect((await replacementPlan(db, tenantB, now)).items.map((item) => item.deviceId)).to.deep.equal([
      theirs.deviceId,
    ]);
  });
});
