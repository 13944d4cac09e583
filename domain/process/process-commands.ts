import type { CommandContext } from '../shared/index.js';
import type { DecisionAnswer, StepOutcome } from './process-events.js';
import type { HeldAccess } from './process-plan.js';
import type { Scenario } from './scenario.js';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandContext;
}

/**
 * `scenario`: the version to run, loaded by the command handler from the catalogue (never taken from the
 * client). `heldDeviceIds` and `accesses`: what the person holds now, loaded by the handler for an
 * offboarding (the domain trusts them); other scenarios leave them out.
 */
export type StartProcess = Command<
  'StartProcess',
  {
    processId: string;
    scenario: Scenario;
    parameters: Record<string, string>;
    heldDeviceIds?: string[];
    accesses?: HeldAccess[];
  }
>;
/** Optional: shows the client that someone is on it; a task can be completed without it. */
export type StartProcessStep = Command<'StartProcessStep', { processId: string; stepKey: string }>;
/** `outcome`: what the task produced, e.g. `{ deviceId }` of a registered purchase. */
export type CompleteProcessTask = Command<
  'CompleteProcessTask',
  { processId: string; stepKey: string; note?: string; outcome?: StepOutcome }
>;
/** `comment`: required on a rejection. */
export type AnswerProcessDecision = Command<
  'AnswerProcessDecision',
  { processId: string; stepKey: string; answer: DecisionAnswer; comment?: string }
>;
export type SkipProcessStep = Command<
  'SkipProcessStep',
  { processId: string; stepKey: string; reason: string }
>;

/** How applying a done step's effect to its aggregate went; `errorCode` is that aggregate's error code. */
export type EffectResult = { status: 'applied' } | { status: 'failed'; errorCode: string; message: string };

/** Sent by the process manager after it has issued (or failed to issue) the command a step's effect names. */
export type RecordStepEffectOutcome = Command<
  'RecordStepEffectOutcome',
  { processId: string; stepKey: string; result: EffectResult }
>;
export type CancelProcess = Command<'CancelProcess', { processId: string; reason: string }>;

export type ProcessCommand =
  | StartProcess
  | StartProcessStep
  | CompleteProcessTask
  | AnswerProcessDecision
  | SkipProcessStep
  | RecordStepEffectOutcome
  | CancelProcess;
