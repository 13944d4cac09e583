import type { Kysely } from 'kysely';
import { type Scenario, scenarioCatalogue } from '../../domain/process/index.js';
import type { ScenarioTables } from './scenario.tables.js';

/** A scenario a process can be started from, and whether it is the shared catalogue's or the tenant's own. */
export type ListedScenario = Scenario & { source: 'catalogue' | 'tenant' };

/** The highest version of each id, where the id first appears. */
const latestOnly = (scenarios: readonly Scenario[]): Scenario[] => {
  const latest = new Map<string, Scenario>();
  for (const scenario of scenarios) {
    const known = latest.get(scenario.id);
    if (!known || scenario.version > known.version) latest.set(scenario.id, scenario);
  }
  return [...latest.values()];
};

/**
 * The scenarios the tenant can start a process from: the shared catalogue (in its own order), then the
 * tenant's own (by id). Only the latest version of each, as starting without a version does, unless
 * `allVersions` (then every version, oldest first).
 */
export const listScenarios = async (
  db: Kysely<ScenarioTables>,
  tenantId: string,
  options: { allVersions?: boolean } = {},
): Promise<ListedScenario[]> => {
  const rows = await db
    .selectFrom('tenant_scenarios')
    .select('scenario')
    .where('tenant_id', '=', tenantId)
    .orderBy('scenario_id')
    .orderBy('version')
    .execute();
  const own = rows.map((row) => row.scenario);
  const pick = options.allVersions ? (all: readonly Scenario[]) => [...all] : latestOnly;
  return [
    ...pick(scenarioCatalogue).map((scenario) => ({ ...scenario, source: 'catalogue' as const })),
    ...pick(own).map((scenario) => ({ ...scenario, source: 'tenant' as const })),
  ];
};
