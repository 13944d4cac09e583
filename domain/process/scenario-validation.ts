import {
  type Branch,
  effectArguments,
  effectTypes,
  type LocalizedText,
  parameterTypes,
  planItemFields,
  planItemKinds,
  type Scenario,
  type ScenarioStep,
  type ScenarioTask,
  scenarioKinds,
  type ValueRef,
} from './scenario.js';

/** Scenario ids and step keys: kebab-case, so they read well in URLs and in events. */
export const scenarioKeyPattern = '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$';
/** Parameter and outcome field names: camelCase, like the command fields they end up in. */
export const fieldNamePattern = '^[a-z][A-Za-z0-9]{0,63}$';

const keyShape = new RegExp(scenarioKeyPattern, 'u');
const fieldShape = new RegExp(fieldNamePattern, 'u');
const placeholder = /\{([A-Za-z]+)\}/gu;

const blank = (text: unknown) => typeof text !== 'string' || text.trim().length === 0;

const titleProblems = (title: LocalizedText | undefined, where: string) =>
  (['pl', 'en'] as const)
    .filter((language) => blank(title?.[language]))
    .map((language) => `${where}: the ${language} title is empty`);

/** The keys `key` depends on, directly or through other steps (a key in its own set is a cycle). */
const ancestorsOf = (steps: ReadonlyMap<string, ScenarioStep>, key: string): Set<string> => {
  const seen = new Set<string>();
  const visit = (current: string) => {
    for (const dependency of steps.get(current)?.dependsOn ?? []) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      visit(dependency);
    }
  };
  visit(key);
  return seen;
};

const branchProblems = (
  branch: Branch,
  decision: string,
  steps: ReadonlyMap<string, ScenarioStep>,
  where: string,
) =>
  branch.skip.flatMap((key) => {
    if (!steps.has(key)) return [`${where} skips unknown step ${key}`];
    // A branch may only skip steps that wait for the decision, so none of them can have started yet.
    if (!ancestorsOf(steps, key).has(decision)) return [`${where} skips ${key}, which does not wait for it`];
    return [];
  });

const refProblem = (
  ref: ValueRef,
  step: ScenarioTask,
  scenario: Scenario,
  steps: ReadonlyMap<string, ScenarioStep>,
): string | undefined => {
  if ('param' in ref) {
    return scenario.parameters.some((parameter) => parameter.name === ref.param)
      ? undefined
      : `undeclared parameter ${ref.param}`;
  }
  if ('value' in ref) return blank(ref.value) ? 'an empty value' : undefined;
  if ('outcome' in ref) {
    if (!fieldShape.test(ref.outcome)) return `outcome field "${ref.outcome}" is not a field name`;
    if (ref.step === undefined || ref.step === step.key) return undefined;
    const source = steps.get(ref.step);
    if (!source) return `the outcome of unknown step ${ref.step}`;
    if (!ancestorsOf(steps, step.key).has(ref.step)) return `the outcome of ${ref.step}, not a dependency`;
    if (source.kind === 'decision') return `the outcome of decision ${ref.step}; decisions have none`;
    if (source.forEach) return `the outcome of repeated step ${ref.step}`;
    return undefined;
  }
  if (!step.forEach) return `item field ${ref.item} in a step that is not repeated`;
  const fields: readonly string[] = planItemFields[step.forEach];
  return fields.includes(ref.item) ? undefined : `item field ${ref.item}, which ${step.forEach} has not`;
};

const taskProblems = (
  step: ScenarioTask,
  scenario: Scenario,
  steps: ReadonlyMap<string, ScenarioStep>,
  where: string,
) => {
  const problems: string[] = [];
  if (step.forEach !== undefined && !planItemKinds.includes(step.forEach)) {
    problems.push(`${where}: unknown plan item kind ${step.forEach}`);
  }
  const effect = step.effect;
  if (!effect) return problems;
  if (!effectTypes.includes(effect.type)) return [...problems, `${where}: unknown effect ${effect.type}`];
  const expected: readonly string[] = effectArguments[effect.type];
  const args: Record<string, ValueRef> = effect.args;
  for (const name of expected) {
    if (!(name in args)) problems.push(`${where}: effect ${effect.type} lacks argument ${name}`);
  }
  for (const [name, ref] of Object.entries(args)) {
    if (!expected.includes(name)) problems.push(`${where}: effect ${effect.type} has no argument ${name}`);
    const problem = refProblem(ref, step, scenario, steps);
    if (problem) problems.push(`${where}: argument ${name} refers to ${problem}`);
  }
  return problems;
};

const placeholderProblems = (step: ScenarioStep, where: string) => {
  const allowed: readonly string[] =
    step.kind === 'task' && step.forEach ? ['n', 'count', ...planItemFields[step.forEach]] : [];
  return [step.title.pl, step.title.en].flatMap((title) =>
    [...title.matchAll(placeholder)]
      .map((match) => match[1] ?? '')
      .filter((name) => !allowed.includes(name))
      .map((name) => `${where}: title placeholder {${name}} cannot be filled in`),
  );
};

const stepProblems = (step: ScenarioStep, scenario: Scenario, steps: ReadonlyMap<string, ScenarioStep>) => {
  const where = `step ${step.key}`;
  const problems = [...titleProblems(step.title, where), ...placeholderProblems(step, where)];
  if (!keyShape.test(step.key)) problems.push(`${where}: the key is not kebab-case`);
  for (const dependency of step.dependsOn) {
    if (!steps.has(dependency)) problems.push(`${where} depends on unknown step ${dependency}`);
  }
  if (ancestorsOf(steps, step.key).has(step.key)) problems.push(`${where} depends on itself (a cycle)`);
  if (step.kind === 'task') return [...problems, ...taskProblems(step, scenario, steps, where)];
  if (step.onReject === undefined) problems.push(`${where}: a decision needs onReject`);
  else if (step.onReject !== 'end') problems.push(...branchProblems(step.onReject, step.key, steps, where));
  if (step.onApprove) problems.push(...branchProblems(step.onApprove, step.key, steps, where));
  return problems;
};

/** Everything wrong with one scenario version; empty when it can be planned and run. */
export const scenarioProblems = (scenario: Scenario): string[] => {
  const problems = titleProblems(scenario.title, 'scenario');
  if (!keyShape.test(scenario.id)) problems.push('the id is not kebab-case');
  if (!Number.isSafeInteger(scenario.version) || scenario.version < 1) {
    problems.push('the version is not a positive integer');
  }
  if (!scenarioKinds.includes(scenario.kind)) problems.push(`unknown kind ${scenario.kind}`);

  const names = new Set<string>();
  for (const parameter of scenario.parameters) {
    const where = `parameter ${parameter.name}`;
    if (names.has(parameter.name)) problems.push(`${where} is declared twice`);
    names.add(parameter.name);
    if (!fieldShape.test(parameter.name)) problems.push(`${where}: the name is not camelCase`);
    if (!parameterTypes.includes(parameter.type)) problems.push(`${where}: unknown type ${parameter.type}`);
    problems.push(...titleProblems(parameter.title, where));
  }

  // Repeated steps may be planned zero times; a process needs at least one step whatever it holds.
  if (!scenario.steps.some((step) => step.kind === 'decision' || !step.forEach)) {
    problems.push('there is no step that is always planned');
  }
  const steps = new Map<string, ScenarioStep>();
  for (const step of scenario.steps) {
    if (steps.has(step.key)) problems.push(`step ${step.key} is defined twice`);
    steps.set(step.key, step);
  }
  for (const step of scenario.steps) {
    problems.push(...stepProblems(step, scenario, steps));
    if (step.kind === 'task' && step.forEach) {
      const instance = new RegExp(`^${step.key}-\\d+$`, 'u');
      const clash = scenario.steps.find((other) => instance.test(other.key));
      if (clash) problems.push(`step ${clash.key} clashes with the planned copies of ${step.key}`);
    }
  }
  return problems;
};

/** Everything wrong with a catalogue: each scenario's problems, and ids reused for another version or kind. */
export const catalogueProblems = (catalogue: readonly Scenario[]): string[] => {
  const problems = catalogue.flatMap((scenario) =>
    scenarioProblems(scenario).map((problem) => `${scenario.id} v${scenario.version}: ${problem}`),
  );
  const versions = new Set<string>();
  const kinds = new Map<string, string>();
  for (const { id, version, kind } of catalogue) {
    if (versions.has(`${id}@${version}`)) problems.push(`${id} v${version} is defined twice`);
    versions.add(`${id}@${version}`);
    if ((kinds.get(id) ?? kind) !== kind) problems.push(`${id} v${version} changes the kind of the scenario`);
    kinds.set(id, kind);
  }
  return problems;
};
