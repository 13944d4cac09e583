import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Kysely } from 'kysely';
import { executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { addTenantScenario } from '../../commands/process/process-command-handlers.js';
import { findScenario, type Scenario, scenarioCatalogue } from '../../domain/process/index.js';
import type { EventStore } from '../../event-store/index.js';
import {
  listScenarios,
  type ProjectionRunner,
  type ScenarioTables,
  scenarioProjection,
} from '../../projections/index.js';
import { openProjectionHarness } from '../support/projections.js';
import { printerSetup } from '../support/scenarios.js';

const tenantA = randomUUID();
const tenantB = randomUUID();
const admin = (tenantId: string): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'admin-1', role: 'msp_admin' },
  now: '2026-03-02T10:00:00.000Z',
});

/** A second version of the printer set-up, with a start parameter and a step more. */
const printerSetupV2 = (): Scenario => {
  const first = printerSetup(1);
  return {
    ...first,
    version: 2,
    parameters: [
      ...first.parameters,
      { name: 'deviceKind', type: 'device_kind', required: false, title: { pl: 'Rodzaj', en: 'Kind' } },
    ],
    steps: [
      ...first.steps,
      {
        key: 'test-print',
        kind: 'task',
        title: { pl: 'Wydruk próbny', en: 'Test print' },
        dependsOn: ['install-driver'],
        required: false,
      },
    ],
  };
};

/** Every catalogue scenario id, once each, in the catalogue's order. */
const catalogueIds = [...new Set(scenarioCatalogue.map((scenario) => scenario.id))];

describe('Scenario projection: what a process can be started from', () => {
  let store: EventStore;
  let db: Kysely<ScenarioTables>;
  let runner: ProjectionRunner;

  const add = async (tenantId: string, scenario: Scenario) => {
    const result = await executeCommand({ store }, addTenantScenario, { scenario }, admin(tenantId));
    expect(await runner.waitForCheckpoint(result.checkpoint as string, 10_000)).to.equal(true);
  };

  before(async () => {
    ({ store, db, runner } = await openProjectionHarness<ScenarioTables>([scenarioProjection], 'scenarios'));
    await add(tenantA, printerSetup(1));
    await add(tenantA, printerSetupV2());
    await add(tenantA, {
      ...printerSetup(1),
      id: 'a-desk-move',
      title: { pl: 'Przeprowadzka', en: 'Desk move' },
    });
  });
  after(async () => {
    runner.stop();
    await store.close();
    await db.destroy();
  });

  it('lists the latest version of each catalogue scenario, whole, before the tenant has any of its own', async () => {
    const listed = await listScenarios(db, tenantB);
    expect(listed.map((scenario) => scenario.id)).to.deep.equal(catalogueIds);
    for (const scenario of listed) {
      const { source, ...rest } = scenario;
      expect(source).to.equal('catalogue');
      expect(rest).to.deep.equal(findScenario(scenarioCatalogue, scenario.id));
    }
    expect(listed.find((scenario) => scenario.id === 'onboarding-office')?.version).to.equal(2);
  });

  it("adds the tenant's own scenarios after the catalogue, by id, in their latest version, exactly as added", async () => {
    const listed = await listScenarios(db, tenantA);
    expect(listed.map(({ id, version, source }) => ({ id, version, source }))).to.deep.equal([
      ...catalogueIds.map((id) => ({
        id,
        version: findScenario(scenarioCatalogue, id)?.version,
        source: 'catalogue',
      })),
      { id: 'a-desk-move', version: 1, source: 'tenant' },
      { id: 'printer-setup', version: 2, source: 'tenant' },
    ]);
    expect(listed.at(-1)).to.deep.equal({ ...printerSetupV2(), source: 'tenant' });
    const [, , testPrint] = listed.at(-1)?.steps ?? [];
    expect(testPrint).to.deep.include({ key: 'test-print', kind: 'task', dependsOn: ['install-driver'] });
  });

  it('lists every version of every scenario when asked, oldest first', async () => {
    const listed = await listScenarios(db, tenantA, { allVersions: true });
    expect(listed.filter((scenario) => scenario.source === 'catalogue')).to.have.length(
      scenarioCatalogue.length,
    );
    expect(
      listed.filter((scenario) => scenario.source === 'tenant').map(({ id, version }) => `${id} v${version}`),
    ).to.deep.equal(['a-desk-move v1', 'printer-setup v1', 'printer-setup v2']);
    expect(
      listed.filter((scenario) => scenario.id === 'onboarding-office').map((scenario) => scenario.version),
    ).to.deep.equal([1, 2]);
  });

  it("never shows one tenant's own scenarios to another", async () => {
    const listed = await listScenarios(db, tenantB, { allVersions: true });
    expect(listed.every((scenario) => scenario.source === 'catalogue')).to.equal(true);
    expect(listed).to.have.length(scenarioCatalogue.length);
  });
});
