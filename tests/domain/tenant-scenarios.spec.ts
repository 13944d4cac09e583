import { expect } from 'chai';
import {
  type AddTenantScenario,
  type Scenario,
  scenarioCatalogue,
  type TenantScenarioEvent,
  tenantScenariosDecider,
} from '../../domain/process/index.js';
import type { Role } from '../../domain/shared/index.js';
import { deciderSpec } from '../support/decider-spec.js';
import { printerSetup } from '../support/scenarios.js';

const now = '2026-03-02T10:00:00.000Z';
const catalogueIds = scenarioCatalogue.map((s) => s.id);

const add = (scenario: Scenario, role: Role = 'msp_admin'): AddTenantScenario => ({
  type: 'AddTenantScenario',
  data: { scenario, catalogueIds },
  meta: { tenantId: 'tenant-a', actor: { id: 'admin-1', role }, now },
});
const added = (scenario: Scenario): TenantScenarioEvent => ({
  type: 'TenantScenarioAdded',
  data: { tenantId: 'tenant-a', scenario, addedBy: 'admin-1', addedAt: now },
});
const spec = deciderSpec(tenantScenariosDecider);

describe("A tenant's own scenarios", () => {
  it('adds a valid scenario as version 1', () => {
    spec([])
      .when(add(printerSetup()))
      .then([added(printerSetup())]);
  });
  it('adds the next version of a scenario the tenant has', () => {
    spec([added(printerSetup())])
      .when(add(printerSetup(2)))
      .then([added(printerSetup(2))]);
  });
  it('refuses a version that is not the next one', () => {
    spec([added(printerSetup())])
      .when(add(printerSetup(1)))
      .thenThrows('SCENARIO_VERSION_NOT_NEXT');
    spec([])
      .when(add(printerSetup(3)))
      .thenThrows('SCENARIO_VERSION_NOT_NEXT');
  });
  it('refuses a scenario that cannot run, saying why', () => {
    const broken: Scenario = {
      ...printerSetup(),
      steps: [{ ...(printerSetup().steps[1] as Scenario['steps'][number]), dependsOn: ['nowhere'] }],
    };
    let message = '';
    try {
      tenantScenariosDecider.decide(add(broken), tenantScenariosDecider.initialState);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/depends on unknown step nowhere/);
    spec([]).when(add(broken)).thenThrows('SCENARIO_INVALID');
  });
  it('refuses an id of the shared catalogue', () => {
    spec([])
      .when(add({ ...printerSetup(), id: 'offboarding' }))
      .thenThrows('SCENARIO_ID_RESERVED');
  });
  it('lets only the IT team administrator add scenarios', () => {
    spec([]).when(add(printerSetup(), 'client_manager')).thenThrows('SCENARIO_ADD_FORBIDDEN', 'forbidden');
  });
});
