import {
  assertNever,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type EventSchema,
  forbidden,
  ruleBroken,
  schemaParts as s,
} from '../shared/index.js';
import type { Scenario } from './scenario.js';
import { scenarioKinds } from './scenario.js';
import { scenarioKeyPattern, scenarioProblems } from './scenario-validation.js';

/**
 * A tenant's own scenarios, beside the shared catalogue: kept in one stream per tenant, versioned like
 * the catalogue's (a version once added never changes; a change is the next version).
 */
export type TenantScenarioAdded = DomainEvent<
  'TenantScenarioAdded',
  { tenantId: string; scenario: Scenario; addedBy: string; addedAt: string }
>;
export type TenantScenarioEvent = TenantScenarioAdded;

export interface TenantScenariosState {
  scenarios: readonly Scenario[];
}

export type AddTenantScenario = {
  type: 'AddTenantScenario';
  /** `catalogueIds`: ids of the shared catalogue, which a tenant's scenario may not take over. */
  data: { scenario: Scenario; catalogueIds: readonly string[] };
  meta: CommandContext;
};

export const tenantScenariosDecider: Decider<AddTenantScenario, TenantScenariosState, TenantScenarioEvent> = {
  initialState: { scenarios: [] },
  evolve: (state, event) => {
    switch (event.type) {
      case 'TenantScenarioAdded':
        return { scenarios: [...state.scenarios, event.data.scenario] };
      default:
        return assertNever(event.type);
    }
  },
  decide: (command, state) => {
    const { scenario, catalogueIds } = command.data;
    const { actor, tenantId, now } = command.meta;
    if (actor.role !== 'msp_admin') {
      throw forbidden('SCENARIO_ADD_FORBIDDEN', 'Only the IT team administrator adds scenarios');
    }
    const problems = scenarioProblems(scenario);
    if (problems.length > 0) throw ruleBroken('SCENARIO_INVALID', problems.join('; '), { problems });
    if (catalogueIds.includes(scenario.id)) {
      throw ruleBroken(
        'SCENARIO_ID_RESERVED',
        `${scenario.id} is a scenario of the shared catalogue; choose another id`,
      );
    }
    const latest = Math.max(
      0,
      ...state.scenarios.filter((known) => known.id === scenario.id).map((known) => known.version),
    );
    if (scenario.version !== latest + 1) {
      throw ruleBroken(
        'SCENARIO_VERSION_NOT_NEXT',
        `${scenario.id} is at version ${latest}; add version ${latest + 1}`,
        {
          latest,
        },
      );
    }
    return [{ type: 'TenantScenarioAdded', data: { tenantId, scenario, addedBy: actor.id, addedAt: now } }];
  },
};

const localized = s.object({ pl: s.name, en: s.name });

/** The scenario's outline is checked here; its inner consistency by `scenarioProblems` before it is recorded. */
export const tenantScenarioEventSchemas: EventSchema[] = [
  {
    type: 'TenantScenarioAdded',
    version: 1,
    schema: s.object({
      tenantId: s.id,
      scenario: {
        type: 'object',
        required: ['id', 'version', 'kind', 'title', 'parameters', 'steps'],
        properties: {
          id: { type: 'string', pattern: scenarioKeyPattern },
          version: { type: 'integer', minimum: 1 },
          kind: s.enumOf(scenarioKinds),
          title: localized,
          parameters: { type: 'array', items: { type: 'object' } },
          steps: { type: 'array', minItems: 1, items: { type: 'object' } },
        },
      },
      addedBy: s.id,
      addedAt: s.instant,
    }),
  },
];
