import type { DomainEvent } from '../shared/index.js';
import type { EffectWith, LocalizedText, ScenarioKind } from './scenario.js';

/** An effect argument once planned: a known value, or a field of a step's outcome still to come. */
export type PlannedValue = { value: string } | { outcome: string; step: string };
/** An effect as planned at the start; outcome references are resolved when its step is completed. */
export type PlannedEffect = EffectWith<PlannedValue>;
/** An effect with every argument known: what the process manager turns into a command. */
export type ResolvedEffect = EffectWith<string>;

interface PlannedStepBase {
  key: string;
  title: LocalizedText;
  dependsOn: string[];
  required: boolean;
}

export interface PlannedTask extends PlannedStepBase {
  kind: 'task';
  effect: PlannedEffect | null;
}

export interface PlannedDecision extends PlannedStepBase {
  kind: 'decision';
  onApprove: { skip: string[] } | null;
  onReject: 'end' | { skip: string[] };
}

/** A step as the process runs it: copied from its scenario version, repeated steps expanded. */
export type PlannedStep = PlannedTask | PlannedDecision;

export const decisionAnswers = ['approve', 'reject'] as const;
export type DecisionAnswer = (typeof decisionAnswers)[number];

/** What a technician records on completing a task, e.g. `{ deviceId }` of a registered purchase. */
export type StepOutcome = Record<string, string | number | boolean>;

/** What a process is, fixed at its start; tenant-independent (the tenant is in the event metadata). */
export interface ProcessFacts {
  processId: string;
  scenarioId: string;
  scenarioVersion: number;
  scenarioKind: ScenarioKind;
  title: LocalizedText;
  /** The start parameters the scenario declares, as given (optional ones left out when not given). */
  parameters: Record<string, string>;
  /** Account id of who started it. */
  startedBy: string;
}

export type ProcessStarted = DomainEvent<
  'ProcessStarted',
  ProcessFacts & { steps: PlannedStep[]; startedAt: string }
>;
export type ProcessStepStarted = DomainEvent<
  'ProcessStepStarted',
  { processId: string; stepKey: string; startedBy: string; startedAt: string }
>;
/** `effect`: the step's effect with every argument resolved, `null` when the step has none. */
export type ProcessTaskCompleted = DomainEvent<
  'ProcessTaskCompleted',
  {
    processId: string;
    stepKey: string;
    note: string;
    outcome: StepOutcome;
    effect: ResolvedEffect | null;
    completedBy: string;
    completedAt: string;
  }
>;
export type ProcessDecisionAnswered = DomainEvent<
  'ProcessDecisionAnswered',
  {
    processId: string;
    stepKey: string;
    answer: DecisionAnswer;
    comment: string;
    answeredBy: string;
    answeredAt: string;
  }
>;
/** `byDecision`: the decision whose branch left the step out; `null` when someone skipped it by hand. */
export type ProcessStepSkipped = DomainEvent<
  'ProcessStepSkipped',
  {
    processId: string;
    stepKey: string;
    reason: string;
    byDecision: string | null;
    skippedBy: string;
    skippedAt: string;
  }
>;
export type ProcessStepEffectApplied = DomainEvent<
  'ProcessStepEffectApplied',
  { processId: string; stepKey: string; appliedAt: string }
>;
export type ProcessStepEffectFailed = DomainEvent<
  'ProcessStepEffectFailed',
  { processId: string; stepKey: string; errorCode: string; message: string; failedAt: string }
>;
export type ProcessCompleted = DomainEvent<'ProcessCompleted', { processId: string; completedAt: string }>;
/** `stepKey`: the decision whose rejection ended the process. */
export type ProcessRejected = DomainEvent<
  'ProcessRejected',
  { processId: string; stepKey: string; comment: string; rejectedAt: string }
>;
export type ProcessCancelled = DomainEvent<
  'ProcessCancelled',
  { processId: string; reason: string; cancelledBy: string; cancelledAt: string }
>;

export type ProcessEvent =
  | ProcessStarted
  | ProcessStepStarted
  | ProcessTaskCompleted
  | ProcessDecisionAnswered
  | ProcessStepSkipped
  | ProcessStepEffectApplied
  | ProcessStepEffectFailed
  | ProcessCompleted
  | ProcessRejected
  | ProcessCancelled;

const eventTypes: Record<ProcessEvent['type'], true> = {
  ProcessStarted: true,
  ProcessStepStarted: true,
  ProcessTaskCompleted: true,
  ProcessDecisionAnswered: true,
  ProcessStepSkipped: true,
  ProcessStepEffectApplied: true,
  ProcessStepEffectFailed: true,
  ProcessCompleted: true,
  ProcessRejected: true,
  ProcessCancelled: true,
};
/** Every process event type; the compiler keeps the list complete. */
export const processEventTypes = Object.keys(eventTypes) as ProcessEvent['type'][];
