import { type Actor, forbidden, notFound, type Role, ruleBroken } from '../shared/index.js';
import type { ProcessState, StartedProcessState, StepState } from './process.js';
import { isSettled, unsettledDependencies } from './process.js';
import type {
  PlannedDecision,
  PlannedTask,
  PlannedValue,
  ResolvedEffect,
  StepOutcome,
} from './process-events.js';
import { effectOutcomeFields } from './scenario.js';
import { fieldNamePattern } from './scenario-validation.js';

/**
 * Who may do what in a process. The client decides (starts, answers decisions, cancels); the IT team
 * executes (tasks, effects). An optional step may be left out by either side, a required one only by an
 * `msp_admin`, who answers for the process as a whole.
 */
export const processPermissions = {
  start: ['client_manager', 'msp_admin'],
  workOnTasks: ['technician', 'msp_admin'],
  answerDecisions: ['client_manager'],
  skipOptionalSteps: ['technician', 'msp_admin', 'client_manager'],
  skipRequiredSteps: ['msp_admin'],
  recordEffects: ['technician', 'msp_admin'],
  cancel: ['client_manager', 'msp_admin'],
} as const satisfies Record<string, readonly Role[]>;

export const allow = (actor: Actor, roles: readonly Role[], code: string, what: string) => {
  if (!roles.includes(actor.role)) {
    throw forbidden(code, `A ${actor.role} may not ${what}`, { role: actor.role, allowed: [...roles] });
  }
};

export type RunningProcessState = Extract<ProcessState, { status: 'running' }>;

export const startedProcess = (state: ProcessState, processId: string): StartedProcessState => {
  if (state.status === 'not_started')
    throw notFound('PROCESS_NOT_FOUND', `Process ${processId} does not exist`);
  return state;
};

export const runningProcess = (state: StartedProcessState): RunningProcessState => {
  if (state.status !== 'running') {
    throw ruleBroken('PROCESS_NOT_RUNNING', `Process ${state.process.processId} is ${state.status}`, {
      status: state.status,
    });
  }
  return state;
};

export const stepOf = (state: StartedProcessState, stepKey: string): StepState => {
  const step = state.steps.find((candidate) => candidate.step.key === stepKey);
  if (!step) {
    throw notFound('PROCESS_STEP_NOT_FOUND', `Process ${state.process.processId} has no step ${stepKey}`);
  }
  return step;
};

export const taskOf = (step: StepState): PlannedTask => {
  if (step.step.kind !== 'task') {
    throw ruleBroken('PROCESS_STEP_NOT_A_TASK', `Step ${step.step.key} is a decision for the client`);
  }
  return step.step;
};

export const decisionOf = (step: StepState): PlannedDecision => {
  if (step.step.kind !== 'decision') {
    throw ruleBroken('PROCESS_STEP_NOT_A_DECISION', `Step ${step.step.key} is a task for the IT team`);
  }
  return step.step;
};

export const open = (step: StepState) => {
  if (isSettled(step)) {
    throw ruleBroken('PROCESS_STEP_ALREADY_SETTLED', `Step ${step.step.key} is already ${step.status}`, {
      status: step.status,
    });
  }
};

/** A step is started, completed or answered only once every step it depends on is done or skipped. */
export const unblocked = (steps: readonly StepState[], step: StepState) => {
  const waitingFor = unsettledDependencies(steps, step.step);
  if (waitingFor.length > 0) {
    throw ruleBroken('PROCESS_STEP_BLOCKED', `Step ${step.step.key} waits for ${waitingFor.join(', ')}`, {
      waitingFor,
    });
  }
};

export const requiredText = (text: string | undefined, code: string, message: string) => {
  const trimmed = (text ?? '').trim();
  if (trimmed.length === 0) throw ruleBroken(code, message);
  return trimmed;
};

const maxOutcomeFields = 50;
const maxOutcomeText = 2000;
const fieldShape = new RegExp(fieldNamePattern, 'u');
const present = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

const outcomeOf = (steps: readonly StepState[], stepKey: string): StepOutcome | undefined => {
  const step = steps.find((candidate) => candidate.step.key === stepKey);
  return step?.status === 'done' && step.result.kind === 'task' ? step.result.outcome : undefined;
};

/** The fields of `stepKey`'s outcome that effects (its own or of steps still to run) will need. */
export const awaitedOutcomeFields = (steps: readonly StepState[], stepKey: string): string[] => {
  const fields = new Set<string>();
  for (const { status, step } of steps) {
    if (status === 'skipped' || step.kind !== 'task' || !step.effect) continue;
    for (const value of Object.values<PlannedValue>(step.effect.args)) {
      if ('outcome' in value && value.step === stepKey) fields.add(value.outcome);
    }
    if (step.key === stepKey) for (const field of effectOutcomeFields[step.effect.type]) fields.add(field);
  }
  return [...fields];
};

/** An outcome is a small flat record: camelCase field names, short texts, finite numbers, booleans. */
export const checkOutcome = (steps: readonly StepState[], stepKey: string, outcome: StepOutcome) => {
  const entries = Object.entries(outcome);
  const wellFormed =
    entries.length <= maxOutcomeFields &&
    entries.every(
      ([name, value]) =>
        fieldShape.test(name) &&
        (typeof value === 'string'
          ? value.length <= maxOutcomeText
          : typeof value === 'boolean' || Number.isFinite(value)),
    );
  if (!wellFormed) {
    throw ruleBroken('PROCESS_STEP_OUTCOME_INVALID', `The outcome of step ${stepKey} is not a flat record`);
  }
  // A text must say something; a number (an amount) or a yes/no is given as it is.
  const given = (value: unknown) => present(value) || typeof value === 'number' || typeof value === 'boolean';
  const missing = awaitedOutcomeFields(steps, stepKey).filter((field) => !given(outcome[field]));
  if (missing.length > 0) {
    throw ruleBroken('PROCESS_STEP_OUTCOME_MISSING', `Step ${stepKey} must record ${missing.join(', ')}`, {
      fields: missing,
    });
  }
};

/** The task's effect with every argument known, from its plan, its own outcome and earlier outcomes. */
export const resolveEffect = (
  steps: readonly StepState[],
  task: PlannedTask,
  outcome: StepOutcome,
): ResolvedEffect | null => {
  if (!task.effect) return null;
  const resolve = ([argument, value]: [string, PlannedValue]) => {
    if ('value' in value) return [argument, value.value];
    const source = value.step === task.key ? outcome : outcomeOf(steps, value.step);
    const resolved = source?.[value.outcome];
    if (!present(resolved)) {
      // Typically the step that should have produced it was skipped; this one must be skipped too.
      throw ruleBroken(
        'PROCESS_EFFECT_UNRESOLVED',
        `Step ${task.key} needs ${value.outcome} from step ${value.step}, which did not record it`,
        { argument, step: value.step, field: value.outcome },
      );
    }
    return [argument, resolved.trim()];
  };
  const args = Object.fromEntries(Object.entries<PlannedValue>(task.effect.args).map(resolve));
  return { type: task.effect.type, args } as ResolvedEffect;
};
