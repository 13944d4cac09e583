import type { Kysely } from 'kysely';
import type { Scenario } from '../../domain/process/index.js';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { RowStore } from '../row-store.js';
import type { ScenarioTables } from './scenario.tables.js';

/** The tenants' own scenarios, every version: with the shared catalogue, what a process can be started from. */
export const scenarioProjection: Projection<ScenarioTables> = {
  name: 'scenarios',
  version: 1,
  tables: ['tenant_scenarios'],
  // A version once added never changes: rows are only appended.
  rows: { tenant_scenarios: { key: ['tenant_id', 'scenario_id', 'version'], appendOnly: true } },
  handles: ['TenantScenarioAdded'],

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('tenant_scenarios')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('scenario_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('scenario', 'jsonb', (c) => c.notNull())
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addColumn('added_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('tenant_scenarios_pkey', ['tenant_id', 'scenario_id', 'version'])
      .execute();
  },

  async apply(event: RecordedEvent, rows: RowStore<ScenarioTables>) {
    const tenantId = event.metadata.tenantId as string;
    const scenario = event.data.scenario as Scenario;
    rows.append('tenant_scenarios', {
      tenant_id: tenantId,
      scenario_id: scenario.id,
      version: scenario.version,
      kind: scenario.kind,
      scenario,
      added_by: event.data.addedBy as string,
      added_at: event.data.addedAt as string,
    });
  },
};
