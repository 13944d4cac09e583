import { deviceKinds } from '../device/index.js';
import { assertNever, ruleBroken } from '../shared/index.js';
import type { PlannedEffect, PlannedStep, PlannedTask, PlannedValue } from './process-events.js';
import type {
  EffectTemplate,
  LocalizedText,
  ParameterType,
  PlanItemKind,
  Scenario,
  ScenarioTask,
  ValueRef,
} from './scenario.js';
import { scenarioProblems } from './scenario-validation.js';

/** An access the person has: its id for the revocation, its system's name for the step's title. */
export interface HeldAccess {
  accessId: string;
  system: string;
}

/** What the command handler loads for planning: the person's devices and accesses (for offboarding). */
export interface PlanningContext {
  heldDeviceIds: readonly string[];
  accesses: readonly HeldAccess[];
}

/** A process's plan: the parameters it keeps and the steps it will run. */
export interface ProcessPlan {
  parameters: Record<string, string>;
  steps: PlannedStep[];
}

export const maxParameterTextLength = 2000;
export const maxSystemNameLength = 200;

const idShape = /^\S{1,100}$/u;
const isoDate = /^\d{4}-\d{2}-\d{2}$/u;
const placeholder = /\{([A-Za-z]+)\}/gu;

const isCalendarDate = (value: string) => {
  const time = Date.parse(`${value}T00:00:00Z`);
  return isoDate.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
};

const isValid: Record<ParameterType, (value: string) => boolean> = {
  person_id: (value) => idShape.test(value),
  device_id: (value) => idShape.test(value),
  date: isCalendarDate,
  device_kind: (value) => (deviceKinds as readonly string[]).includes(value),
  text: (value) => value.length <= maxParameterTextLength,
};

const checkedParameters = (scenario: Scenario, given: Readonly<Record<string, string>>) => {
  for (const name of Object.keys(given)) {
    if (!scenario.parameters.some((parameter) => parameter.name === name)) {
      throw ruleBroken('PROCESS_PARAMETER_UNKNOWN', `Scenario ${scenario.id} has no parameter ${name}`, {
        parameter: name,
      });
    }
  }
  const parameters: Record<string, string> = {};
  for (const { name, type, required } of scenario.parameters) {
    const value = given[name];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      if (required) {
        throw ruleBroken('PROCESS_PARAMETER_MISSING', `Scenario ${scenario.id} needs parameter ${name}`, {
          parameter: name,
        });
      }
      continue;
    }
    if (typeof value !== 'string' || !isValid[type](value.trim())) {
      throw ruleBroken('PROCESS_PARAMETER_INVALID', `Parameter ${name} is not a valid ${type}`, {
        parameter: name,
        type,
      });
    }
    parameters[name] = value.trim();
  }
  return parameters;
};

const invalidContext = (parameter: string, message: string) =>
  ruleBroken('PROCESS_PARAMETER_INVALID', message, { parameter });

const checkContext = ({ heldDeviceIds, accesses }: PlanningContext) => {
  if (
    !heldDeviceIds.every((id) => idShape.test(id)) ||
    new Set(heldDeviceIds).size !== heldDeviceIds.length
  ) {
    throw invalidContext('heldDeviceIds', 'Held devices must be distinct device ids');
  }
  const accessIds = accesses.map((access) => access.accessId);
  if (!accessIds.every((id) => idShape.test(id)) || new Set(accessIds).size !== accessIds.length) {
    throw invalidContext('accesses', 'Accesses must have distinct access ids');
  }
  const named = (system: string) => system.trim().length > 0 && system.length <= maxSystemNameLength;
  if (!accesses.every((access) => named(access.system))) {
    throw invalidContext(
      'accesses',
      `Every access needs a system name of 1 to ${maxSystemNameLength} characters`,
    );
  }
};

type PlanItem = Readonly<Record<string, string>>;

const itemsOf = (kind: PlanItemKind, context: PlanningContext): PlanItem[] => {
  switch (kind) {
    case 'held_device':
      return context.heldDeviceIds.map((deviceId) => ({ deviceId }));
    case 'access':
      return context.accesses.map(({ accessId, system }) => ({ accessId, system: system.trim() }));
    default:
      return assertNever(kind);
  }
};

const fill = (title: LocalizedText, values: PlanItem): LocalizedText => {
  const fillIn = (text: string) => text.replace(placeholder, (match, name: string) => values[name] ?? match);
  return { pl: fillIn(title.pl), en: fillIn(title.en) };
};

interface TaskInstance {
  key: string;
  item: PlanItem;
  titleValues: PlanItem;
}

/**
 * Plans one instance of a task: an argument from a given parameter or a plan item becomes a value; one
 * from an optional parameter that was not given becomes an outcome field of this step, asked for when it
 * is completed; outcome references name the planned step they wait for.
 */
const planTask = (
  step: ScenarioTask,
  instance: TaskInstance,
  parameters: Readonly<Record<string, string>>,
  expand: (keys: readonly string[]) => string[],
): PlannedTask => {
  const planValue = (ref: ValueRef): PlannedValue => {
    if ('param' in ref) {
      const value = parameters[ref.param];
      return value === undefined ? { outcome: ref.param, step: instance.key } : { value };
    }
    if ('value' in ref) return { value: ref.value };
    if ('outcome' in ref) {
      return {
        outcome: ref.outcome,
        step: ref.step === undefined || ref.step === step.key ? instance.key : ref.step,
      };
    }
    return { value: instance.item[ref.item] ?? '' };
  };
  const planEffect = (effect: EffectTemplate) =>
    ({
      type: effect.type,
      args: Object.fromEntries(
        Object.entries<ValueRef>(effect.args).map(([name, ref]) => [name, planValue(ref)]),
      ),
    }) as PlannedEffect;
  return {
    kind: 'task',
    key: instance.key,
    title: fill(step.title, instance.titleValues),
    dependsOn: expand(step.dependsOn),
    required: step.required,
    effect: step.effect ? planEffect(step.effect) : null,
  };
};

/**
 * Plans a process from one scenario version: checks the scenario and the start parameters, repeats the
 * per-item steps (one "collect device" per held device, one "revoke access" per access) and copies
 * everything, so later changes to the catalogue never reach a running process.
 */
export const planProcess = (
  scenario: Scenario,
  parameters: Readonly<Record<string, string>>,
  context: PlanningContext,
): ProcessPlan => {
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) {
    throw ruleBroken('PROCESS_SCENARIO_INVALID', `Scenario ${scenario.id} v${scenario.version} is broken`, {
      problems,
    });
  }
  const kept = checkedParameters(scenario, parameters);
  checkContext(context);

  const instances = new Map<string, TaskInstance[]>();
  for (const step of scenario.steps) {
    if (step.kind !== 'task' || !step.forEach) continue;
    const items = itemsOf(step.forEach, context);
    instances.set(
      step.key,
      items.map((item, index) => ({
        key: `${step.key}-${index + 1}`,
        item,
        titleValues: { ...item, n: String(index + 1), count: String(items.length) },
      })),
    );
  }
  const expand = (keys: readonly string[]) =>
    keys.flatMap((key) => instances.get(key)?.map((instance) => instance.key) ?? [key]);

  const steps = scenario.steps.flatMap((step): PlannedStep[] => {
    if (step.kind === 'decision') {
      return [
        {
          kind: 'decision',
          key: step.key,
          title: { pl: step.title.pl, en: step.title.en },
          dependsOn: expand(step.dependsOn),
          required: step.required,
          onApprove: step.onApprove ? { skip: expand(step.onApprove.skip) } : null,
          onReject: step.onReject === 'end' ? 'end' : { skip: expand(step.onReject.skip) },
        },
      ];
    }
    const repeated = instances.get(step.key) ?? [{ key: step.key, item: {}, titleValues: {} }];
    return repeated.map((instance) => planTask(step, instance, kept, expand));
  });
  return { parameters: kept, steps };
};
