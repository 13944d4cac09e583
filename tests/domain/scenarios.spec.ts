import { expect } from 'chai';
import {
  catalogueProblems,
  findScenario,
  type PlannedStep,
  type PlanningContext,
  planProcess,
  type Scenario,
  type ScenarioDecision,
  type ScenarioStep,
  type ScenarioTask,
  scenarioCatalogue,
  scenarioKinds,
  scenarioProblems,
} from '../../domain/process/index.js';
import { DomainError } from '../../domain/shared/index.js';

const nothingHeld: PlanningContext = { heldDeviceIds: [], accesses: [] };

const scenario = (id: string, version?: number): Scenario => {
  const found = findScenario(scenarioCatalogue, id, version);
  if (!found) throw new Error(`No scenario ${id}`);
  return found;
};

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

const stepOf = (steps: readonly PlannedStep[], key: string) => {
  const step = steps.find((candidate) => candidate.key === key);
  if (!step) throw new Error(`No step ${key}`);
  return step;
};

/** A small valid scenario to break one rule at a time. */
const decide: ScenarioDecision = {
  key: 'decide',
  kind: 'decision',
  title: { pl: 'Zdecyduj', en: 'Decide' },
  dependsOn: [],
  required: true,
  onReject: { skip: ['act'] },
};
const act: ScenarioTask = {
  key: 'act',
  kind: 'task',
  title: { pl: 'Działaj', en: 'Act' },
  dependsOn: ['decide'],
  required: true,
  effect: { type: 'depart_person', args: { personId: { param: 'personId' } } },
};
const sample: Scenario = {
  id: 'sample',
  version: 1,
  kind: 'access_request',
  title: { pl: 'Próbka', en: 'Sample' },
  parameters: [{ name: 'personId', type: 'person_id', required: true, title: { pl: 'Osoba', en: 'Person' } }],
  steps: [decide, act],
};
const withSteps = (...steps: ScenarioStep[]): Scenario => ({ ...sample, steps });

describe('Scenario catalogue', () => {
  it('holds only scenarios that can be planned and run', () => {
    expect(catalogueProblems(scenarioCatalogue)).to.deep.equal([]);
  });
  it('offers every kind of process, each id and version once', () => {
    expect(new Set(scenarioCatalogue.map((s) => s.kind))).to.deep.equal(new Set(scenarioKinds));
    const versions = scenarioCatalogue.map((s) => `${s.id}@${s.version}`);
    expect(new Set(versions).size).to.equal(versions.length);
    expect(scenarioCatalogue.map((s) => s.id)).to.include.members([
      'onboarding-office',
      'onboarding-developer',
      'offboarding',
      'hardware-service',
      'purchase-request',
      'access-request',
    ]);
  });
  it('titles every scenario and step in Polish and in English, translated', () => {
    for (const { title, steps } of scenarioCatalogue) {
      for (const text of [title, ...steps.map((step) => step.title)]) {
        expect(text.pl.trim(), text.en).to.not.equal('');
        expect(text.en.trim(), text.pl).to.not.equal('');
        expect(text.pl, text.en).to.not.equal(text.en);
      }
    }
    expect(scenario('onboarding-office').title.pl).to.equal('Wdrożenie pracownika biurowego');
  });
  it('gives every decision an answer to rejection', () => {
    const decisions = scenarioCatalogue.flatMap((s) => s.steps).filter((step) => step.kind === 'decision');
    expect(decisions).to.not.be.empty;
    for (const decision of decisions) expect(decision.onReject, decision.key).to.not.equal(undefined);
  });
  it('finds the latest version of a scenario, or the version asked for', () => {
    expect(scenario('onboarding-office').version).to.equal(2);
    expect(scenario('onboarding-office', 1).version).to.equal(1);
    expect(findScenario(scenarioCatalogue, 'onboarding-office', 9)).to.equal(undefined);
    expect(findScenario(scenarioCatalogue, 'space-travel')).to.equal(undefined);
  });
});

describe('Scenario validation', () => {
  it('accepts the sample', () => {
    expect(scenarioProblems(sample)).to.deep.equal([]);
  });
  it('finds an unknown dependency, a cycle and a duplicate key', () => {
    expect(scenarioProblems(withSteps(decide, { ...act, dependsOn: ['decide', 'nowhere'] }))).to.deep.equal([
      'step act depends on unknown step nowhere',
    ]);
    const looped = scenarioProblems(withSteps({ ...decide, dependsOn: ['act'] }, act));
    expect(looped).to.include('step decide depends on itself (a cycle)');
    expect(scenarioProblems(withSteps(decide, act, act))).to.include('step act is defined twice');
  });
  it('finds a decision without onReject and a branch skipping a step that does not wait for it', () => {
    const { onReject: _, ...withoutOnReject } = decide;
    expect(scenarioProblems(withSteps(withoutOnReject as ScenarioStep, act))).to.include(
      'step decide: a decision needs onReject',
    );
    expect(scenarioProblems(withSteps(decide, { ...act, dependsOn: [] }))).to.include(
      'step decide skips act, which does not wait for it',
    );
  });
  it('finds empty titles and titles with placeholders nothing fills', () => {
    expect(scenarioProblems({ ...sample, title: { pl: ' ', en: 'Sample' } })).to.include(
      'scenario: the pl title is empty',
    );
    expect(
      scenarioProblems(withSteps(decide, { ...act, title: { pl: 'Działaj {system}', en: 'Act' } })),
    ).to.include('step act: title placeholder {system} cannot be filled in');
  });
  it('finds effect arguments that refer to nothing', () => {
    const effect = { type: 'depart_person', args: { personId: { param: 'someone' } } } as const;
    expect(scenarioProblems(withSteps(decide, { ...act, effect }))).to.include(
      'step act: argument personId refers to undeclared parameter someone',
    );
    const item = { type: 'depart_person', args: { personId: { item: 'deviceId' } } } as const;
    expect(scenarioProblems(withSteps(decide, { ...act, effect: item }))).to.include(
      'step act: argument personId refers to item field deviceId in a step that is not repeated',
    );
  });
  it('finds a scenario that could plan no step at all', () => {
    expect(scenarioProblems(withSteps())).to.deep.equal(['there is no step that is always planned']);
    expect(scenarioProblems(withSteps({ ...act, dependsOn: [], forEach: 'held_device' }))).to.deep.equal([
      'there is no step that is always planned',
    ]);
  });
  it('finds an id and version published twice', () => {
    expect(catalogueProblems([sample, sample])).to.deep.equal(['sample v1 is defined twice']);
    expect(catalogueProblems([sample, { ...sample, version: 2 }])).to.deep.equal([]);
  });
});

describe('Planning a process', () => {
  it('copies the steps of the scenario version, resolving effect arguments from the parameters', () => {
    const plan = planProcess(scenario('access-request'), { personId: 'anna', system: ' ERP ' }, nothingHeld);
    expect(plan.parameters).to.deep.equal({ personId: 'anna', system: 'ERP' });
    expect(stepOf(plan.steps, 'grant-access')).to.deep.include({
      effect: { type: 'grant_access', args: { personId: { value: 'anna' }, system: { value: 'ERP' } } },
    });
    expect(stepOf(plan.steps, 'grant-access').title).to.not.equal(scenario('access-request').steps[1]?.title);
  });
  it('plans one collection per held device and one revocation per access before the departure', () => {
    const plan = planProcess(
      scenario('offboarding'),
      { personId: 'anna', lastDay: '2026-03-31' },
      { heldDeviceIds: ['lap-1', 'phone-1'], accesses: [{ accessId: 'acc-erp', system: 'ERP' }] },
    );
    expect(stepOf(plan.steps, 'collect-device-2')).to.deep.include({
      title: { pl: 'Odbierz urządzenie 2 z 2', en: 'Collect device 2 of 2' },
      effect: {
        type: 'return_device',
        args: {
          deviceId: { value: 'phone-1' },
          personId: { value: 'anna' },
          condition: { outcome: 'condition', step: 'collect-device-2' },
        },
      },
    });
    expect(stepOf(plan.steps, 'revoke-access-1')).to.deep.include({
      title: { pl: 'Odbierz dostęp: ERP', en: 'Revoke access: ERP' },
      dependsOn: ['back-up-data'],
      effect: {
        type: 'revoke_access',
        args: { accessId: { value: 'acc-erp' }, personId: { value: 'anna' } },
      },
    });
    expect(stepOf(plan.steps, 'depart-person').dependsOn).to.deep.equal([
      'back-up-data',
      'collect-device-1',
      'collect-device-2',
      'revoke-access-1',
    ]);
  });
  it('plans an offboarding of a person who holds nothing as backup and departure', () => {
    const plan = planProcess(
      scenario('offboarding'),
      { personId: 'anna', lastDay: '2026-03-31' },
      nothingHeld,
    );
    expect(plan.steps.map((step) => step.key)).to.deep.equal(['back-up-data', 'depart-person']);
    expect(stepOf(plan.steps, 'depart-person').dependsOn).to.deep.equal(['back-up-data']);
  });
  it('leaves an optional parameter that was not given to the outcome of the step that needs it', () => {
    const plan = planProcess(
      scenario('purchase-request'),
      { deviceKind: 'laptop', justification: 'Spare' },
      nothingHeld,
    );
    expect(plan.parameters).to.deep.equal({ deviceKind: 'laptop', justification: 'Spare' });
    expect(stepOf(plan.steps, 'hand-over')).to.deep.include({
      effect: {
        type: 'assign_device',
        args: {
          deviceId: { outcome: 'deviceId', step: 'register-device' },
          personId: { outcome: 'personId', step: 'hand-over' },
        },
      },
    });
  });
  it('refuses a missing required parameter', () => {
    const error = refusal(() => planProcess(scenario('access-request'), { personId: 'anna' }, nothingHeld));
    expect(error.code).to.equal('PROCESS_PARAMETER_MISSING');
    expect(error.details).to.deep.equal({ parameter: 'system' });
    expect(
      refusal(() => planProcess(scenario('access-request'), { personId: '', system: 'ERP' }, nothingHeld))
        .code,
    ).to.equal('PROCESS_PARAMETER_MISSING');
  });
  it('refuses an invalid date, device kind or id, and an undeclared parameter', () => {
    const onboarding = (startDate: string) =>
      planProcess(scenario('onboarding-office'), { personId: 'anna', startDate }, nothingHeld);
    expect(onboarding('2026-04-01').steps).to.have.length(6);
    expect(refusal(() => onboarding('2026-02-30')).code).to.equal('PROCESS_PARAMETER_INVALID');
    expect(refusal(() => onboarding('1 April')).code).to.equal('PROCESS_PARAMETER_INVALID');
    expect(
      refusal(() =>
        planProcess(scenario('purchase-request'), { deviceKind: 'toaster', justification: 'x' }, nothingHeld),
      ).code,
    ).to.equal('PROCESS_PARAMETER_INVALID');
    expect(
      refusal(() =>
        planProcess(scenario('hardware-service'), { deviceId: 'dev 1', problem: 'Noise' }, nothingHeld),
      ).code,
    ).to.equal('PROCESS_PARAMETER_INVALID');
    expect(
      refusal(() =>
        planProcess(
          scenario('access-request'),
          { personId: 'anna', system: 'ERP', priority: 'high' },
          nothingHeld,
        ),
      ).code,
    ).to.equal('PROCESS_PARAMETER_UNKNOWN');
  });
  it('refuses the same device or access twice in the holdings', () => {
    const parameters = { personId: 'anna', lastDay: '2026-03-31' };
    expect(
      refusal(() =>
        planProcess(scenario('offboarding'), parameters, { heldDeviceIds: ['d1', 'd1'], accesses: [] }),
      ).code,
    ).to.equal('PROCESS_PARAMETER_INVALID');
    const erp = { accessId: 'a1', system: 'ERP' };
    expect(
      refusal(() =>
        planProcess(scenario('offboarding'), parameters, { heldDeviceIds: [], accesses: [erp, erp] }),
      ).code,
    ).to.equal('PROCESS_PARAMETER_INVALID');
  });
  it('refuses to plan a broken scenario', () => {
    const error = refusal(() =>
      planProcess(withSteps(decide, { ...act, dependsOn: ['nowhere'] }), { personId: 'anna' }, nothingHeld),
    );
    expect(error.code).to.equal('PROCESS_SCENARIO_INVALID');
  });
});
