import { assertNever } from '../shared/index.js';
import type {
  DecisionAnswer,
  PlannedStep,
  ProcessEvent,
  ProcessFacts,
  ResolvedEffect,
  StepOutcome,
} from './process-events.js';

/** Whether the effect of a done step has reached its aggregate (recorded by the process manager). */
export type EffectProgress =
  | { status: 'pending' }
  | { status: 'applied'; appliedAt: string }
  | { status: 'failed'; errorCode: string; message: string; failedAt: string };

export type StepResult =
  | {
      kind: 'task';
      note: string;
      outcome: StepOutcome;
      effect: { effect: ResolvedEffect; progress: EffectProgress } | null;
    }
  | { kind: 'decision'; answer: DecisionAnswer; comment: string };

/** One step of a running process; each status carries only what holds in it. */
export type StepState =
  | { status: 'pending'; step: PlannedStep }
  | { status: 'in_progress'; step: PlannedStep; startedBy: string; startedAt: string }
  | { status: 'done'; step: PlannedStep; doneBy: string; doneAt: string; result: StepResult }
  | {
      status: 'skipped';
      step: PlannedStep;
      reason: string;
      byDecision: string | null;
      skippedBy: string;
      skippedAt: string;
    };

interface Started {
  process: ProcessFacts;
  startedAt: string;
  /** In the planned order. */
  steps: StepState[];
}

/**
 * A process's lifecycle. Completed, rejected and cancelled are final for its steps, but a done step's
 * effect may still be recorded as applied or failed afterwards.
 */
export type ProcessState =
  | { status: 'not_started' }
  | ({ status: 'running' } & Started)
  | ({ status: 'completed'; completedAt: string } & Started)
  | ({ status: 'rejected'; stepKey: string; comment: string; rejectedAt: string } & Started)
  | ({ status: 'cancelled'; reason: string; cancelledBy: string; cancelledAt: string } & Started);

export type StartedProcessState = Exclude<ProcessState, { status: 'not_started' }>;

export const initialProcessState: ProcessState = { status: 'not_started' };

/** Done or skipped: a step nothing more happens to, and that no longer holds up the steps after it. */
export const isSettled = (step: StepState) => step.status === 'done' || step.status === 'skipped';

/** The dependencies of `step` that are neither done nor skipped. */
export const unsettledDependencies = (steps: readonly StepState[], step: PlannedStep): string[] =>
  step.dependsOn.filter((key) => {
    const dependency = steps.find((candidate) => candidate.step.key === key);
    return dependency !== undefined && !isSettled(dependency);
  });

const started = (state: ProcessState): StartedProcessState => {
  if (state.status === 'not_started') throw new Error('Event applied to a process that was never started');
  return state;
};

const startedParts = (state: ProcessState): Started => {
  const { process, startedAt, steps } = started(state);
  return { process, startedAt, steps };
};

const updateStep = (
  state: ProcessState,
  stepKey: string,
  update: (step: StepState) => StepState,
): ProcessState => {
  const current = started(state);
  return {
    ...current,
    steps: current.steps.map((step) => (step.step.key === stepKey ? update(step) : step)),
  };
};

const updateEffect =
  (progress: EffectProgress) =>
  (step: StepState): StepState =>
    step.status === 'done' && step.result.kind === 'task' && step.result.effect
      ? { ...step, result: { ...step.result, effect: { ...step.result.effect, progress } } }
      : step;

export const evolveProcess = (state: ProcessState, event: ProcessEvent): ProcessState => {
  switch (event.type) {
    case 'ProcessStarted': {
      const { steps, startedAt, ...process } = event.data;
      return {
        status: 'running',
        process,
        startedAt,
        steps: steps.map((step) => ({ status: 'pending', step })),
      };
    }
    case 'ProcessStepStarted': {
      const { stepKey, startedBy, startedAt } = event.data;
      return updateStep(state, stepKey, ({ step }) => ({
        status: 'in_progress',
        step,
        startedBy,
        startedAt,
      }));
    }
    case 'ProcessTaskCompleted': {
      const { stepKey, note, outcome, effect, completedBy, completedAt } = event.data;
      return updateStep(state, stepKey, ({ step }) => ({
        status: 'done',
        step,
        doneBy: completedBy,
        doneAt: completedAt,
        result: {
          kind: 'task',
          note,
          outcome,
          effect: effect && { effect, progress: { status: 'pending' } },
        },
      }));
    }
    case 'ProcessDecisionAnswered': {
      const { stepKey, answer, comment, answeredBy, answeredAt } = event.data;
      return updateStep(state, stepKey, ({ step }) => ({
        status: 'done',
        step,
        doneBy: answeredBy,
        doneAt: answeredAt,
        result: { kind: 'decision', answer, comment },
      }));
    }
    case 'ProcessStepSkipped': {
      const { stepKey, reason, byDecision, skippedBy, skippedAt } = event.data;
      return updateStep(state, stepKey, ({ step }) => ({
        status: 'skipped',
        step,
        reason,
        byDecision,
        skippedBy,
        skippedAt,
      }));
    }
    case 'ProcessStepEffectApplied': {
      const { stepKey, appliedAt } = event.data;
      return updateStep(state, stepKey, updateEffect({ status: 'applied', appliedAt }));
    }
    case 'ProcessStepEffectFailed': {
      const { stepKey, errorCode, message, failedAt } = event.data;
      return updateStep(state, stepKey, updateEffect({ status: 'failed', errorCode, message, failedAt }));
    }
    case 'ProcessCompleted':
      return { status: 'completed', ...startedParts(state), completedAt: event.data.completedAt };
    case 'ProcessRejected': {
      const { stepKey, comment, rejectedAt } = event.data;
      return { status: 'rejected', ...startedParts(state), stepKey, comment, rejectedAt };
    }
    case 'ProcessCancelled': {
      const { reason, cancelledBy, cancelledAt } = event.data;
      return { status: 'cancelled', ...startedParts(state), reason, cancelledBy, cancelledAt };
    }
    default:
      return assertNever(event);
  }
};
