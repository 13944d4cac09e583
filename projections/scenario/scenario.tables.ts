import type { ColumnType } from 'kysely';
import type { Scenario } from '../../domain/process/index.js';

/**
 * One row per version of a tenant's own scenario, as it was added; the shared catalogue is not stored here
 * (it is code: `scenarioCatalogue`).
 */
export interface TenantScenarioTable {
  tenant_id: string;
  scenario_id: string;
  version: number;
  /** onboarding, offboarding, hardware_service, purchase_request or access_request. */
  kind: string;
  /** The whole scenario (title, parameters, steps), exactly as recorded. */
  scenario: Scenario;
  added_by: string;
  added_at: ColumnType<Date, string, string>;
}

export interface ScenarioTables {
  tenant_scenarios: TenantScenarioTable;
}
