import { assertNever, conflict, type Decider, forbidden, ruleBroken } from '../shared/index.js';
import type { ProcessState } from './process.js';
import { evolveProcess, initialProcessState, isSettled } from './process.js';
import type { ProcessCommand } from './process-commands.js';
import type { ProcessEvent } from './process-events.js';
import { planProcess } from './process-plan.js';
import {
  allow,
  checkOutcome,
  decisionOf,
  processPermissions as may,
  open,
  type RunningProcessState,
  requiredText,
  resolveEffect,
  runningProcess,
  startedProcess,
  stepOf,
  taskOf,
  unblocked,
} from './process-rules.js';

const errorCodeShape = /^[A-Z][A-Z0-9_]{0,99}$/u;

/** Adds `ProcessCompleted` when `events` leave every step, required or optional, done or skipped. */
const completing = (state: RunningProcessState, events: ProcessEvent[], now: string): ProcessEvent[] => {
  const after = events.reduce<ProcessState>(evolveProcess, state);
  if (after.status !== 'running' || !after.steps.every(isSettled)) return events;
  return [
    ...events,
    { type: 'ProcessCompleted', data: { processId: after.process.processId, completedAt: now } },
  ];
};

/** The rules of a running process (DESIGN.md, "Process"). */
export const decideProcess = (command: ProcessCommand, state: ProcessState): ProcessEvent[] => {
  const { now, actor } = command.meta;
  switch (command.type) {
    case 'StartProcess': {
      const { processId, scenario, parameters, heldDeviceIds = [], accesses = [] } = command.data;
      allow(actor, may.start, 'PROCESS_START_FORBIDDEN', 'start a process');
      if (state.status !== 'not_started') {
        throw conflict('PROCESS_ALREADY_STARTED', `Process ${processId} has already started`);
      }
      const plan = planProcess(scenario, parameters, { heldDeviceIds, accesses });
      return [
        {
          type: 'ProcessStarted',
          data: {
            processId,
            scenarioId: scenario.id,
            scenarioVersion: scenario.version,
            scenarioKind: scenario.kind,
            title: { pl: scenario.title.pl, en: scenario.title.en },
            parameters: plan.parameters,
            startedBy: actor.id,
            steps: plan.steps,
            startedAt: now,
          },
        },
      ];
    }
    case 'StartProcessStep': {
      const { processId, stepKey } = command.data;
      const process = startedProcess(state, processId);
      allow(actor, may.workOnTasks, 'PROCESS_TASK_FORBIDDEN', 'work on tasks');
      const running = runningProcess(process);
      const step = stepOf(running, stepKey);
      taskOf(step);
      open(step);
      if (step.status === 'in_progress') {
        throw ruleBroken('PROCESS_STEP_ALREADY_STARTED', `Step ${stepKey} was started by ${step.startedBy}`);
      }
      unblocked(running.steps, step);
      return [
        { type: 'ProcessStepStarted', data: { processId, stepKey, startedBy: actor.id, startedAt: now } },
      ];
    }
    case 'CompleteProcessTask': {
      const { processId, stepKey, note = '', outcome = {} } = command.data;
      const process = startedProcess(state, processId);
      allow(actor, may.workOnTasks, 'PROCESS_TASK_FORBIDDEN', 'work on tasks');
      const running = runningProcess(process);
      const step = stepOf(running, stepKey);
      const task = taskOf(step);
      open(step);
      unblocked(running.steps, step);
      checkOutcome(running.steps, stepKey, outcome);
      const effect = resolveEffect(running.steps, task, outcome);
      const completed: ProcessEvent = {
        type: 'ProcessTaskCompleted',
        data: {
          processId,
          stepKey,
          note: note.trim(),
          outcome: { ...outcome },
          effect,
          completedBy: actor.id,
          completedAt: now,
        },
      };
      return completing(running, [completed], now);
    }
    case 'AnswerProcessDecision': {
      const { processId, stepKey, answer } = command.data;
      const process = startedProcess(state, processId);
      allow(actor, may.answerDecisions, 'PROCESS_DECISION_FORBIDDEN', "answer the client's decisions");
      const running = runningProcess(process);
      const step = stepOf(running, stepKey);
      const decision = decisionOf(step);
      open(step);
      unblocked(running.steps, step);
      const comment = (command.data.comment ?? '').trim();
      if (answer === 'reject' && comment.length === 0) {
        throw ruleBroken('PROCESS_REJECTION_COMMENT_REQUIRED', 'A rejection needs a comment saying why');
      }
      const answered: ProcessEvent = {
        type: 'ProcessDecisionAnswered',
        data: { processId, stepKey, answer, comment, answeredBy: actor.id, answeredAt: now },
      };
      if (answer === 'reject' && decision.onReject === 'end') {
        return [
          answered,
          { type: 'ProcessRejected', data: { processId, stepKey, comment, rejectedAt: now } },
        ];
      }
      const branch = answer === 'approve' ? decision.onApprove : decision.onReject;
      const skips = branch === null || branch === 'end' ? [] : branch.skip;
      const skipped = running.steps
        .filter((candidate) => skips.includes(candidate.step.key) && !isSettled(candidate))
        .map(
          (candidate): ProcessEvent => ({
            type: 'ProcessStepSkipped',
            data: {
              processId,
              stepKey: candidate.step.key,
              reason: comment,
              byDecision: stepKey,
              skippedBy: actor.id,
              skippedAt: now,
            },
          }),
        );
      return completing(running, [answered, ...skipped], now);
    }
    case 'SkipProcessStep': {
      const { processId, stepKey } = command.data;
      const process = startedProcess(state, processId);
      allow(actor, may.skipOptionalSteps, 'PROCESS_SKIP_FORBIDDEN', 'skip steps');
      const running = runningProcess(process);
      const step = stepOf(running, stepKey);
      open(step);
      if (step.step.required && !(may.skipRequiredSteps as readonly string[]).includes(actor.role)) {
        throw forbidden(
          'PROCESS_REQUIRED_STEP_SKIP_FORBIDDEN',
          `Step ${stepKey} is required; only an msp_admin may skip it`,
        );
      }
      const reason = requiredText(
        command.data.reason,
        'PROCESS_SKIP_REASON_REQUIRED',
        'Say why the step is skipped',
      );
      const skipped: ProcessEvent = {
        type: 'ProcessStepSkipped',
        data: { processId, stepKey, reason, byDecision: null, skippedBy: actor.id, skippedAt: now },
      };
      return completing(running, [skipped], now);
    }
    case 'RecordStepEffectOutcome': {
      const { processId, stepKey, result } = command.data;
      // Any status: the effect of the step that completed (or preceded the end of) a process comes after.
      const process = startedProcess(state, processId);
      allow(actor, may.recordEffects, 'PROCESS_EFFECT_RECORD_FORBIDDEN', 'record effect outcomes');
      const step = stepOf(process, stepKey);
      if (step.status !== 'done') {
        throw ruleBroken(
          'PROCESS_STEP_NOT_DONE',
          `Step ${stepKey} is ${step.status}; its effect has not been asked for`,
        );
      }
      const effect = step.result.kind === 'task' ? step.result.effect : null;
      if (!effect) throw ruleBroken('PROCESS_STEP_HAS_NO_EFFECT', `Step ${stepKey} has no effect`);
      if (effect.progress.status === 'applied') {
        // A redelivered success is a no-op; a failure after success cannot be.
        if (result.status === 'applied') return [];
        throw ruleBroken(
          'PROCESS_EFFECT_ALREADY_APPLIED',
          `The effect of step ${stepKey} is already applied`,
        );
      }
      switch (result.status) {
        case 'applied':
          return [{ type: 'ProcessStepEffectApplied', data: { processId, stepKey, appliedAt: now } }];
        case 'failed': {
          if (!errorCodeShape.test(result.errorCode)) {
            throw ruleBroken('PROCESS_EFFECT_ERROR_CODE_INVALID', 'An error code is UPPER_SNAKE_CASE');
          }
          const { errorCode } = result;
          const message = result.message.trim();
          return [
            {
              type: 'ProcessStepEffectFailed',
              data: { processId, stepKey, errorCode, message, failedAt: now },
            },
          ];
        }
        default:
          return assertNever(result);
      }
    }
    case 'CancelProcess': {
      const { processId } = command.data;
      const process = startedProcess(state, processId);
      allow(actor, may.cancel, 'PROCESS_CANCEL_FORBIDDEN', 'cancel a process');
      runningProcess(process);
      const reason = requiredText(
        command.data.reason,
        'PROCESS_CANCEL_REASON_REQUIRED',
        'Say why it is cancelled',
      );
      return [
        { type: 'ProcessCancelled', data: { processId, reason, cancelledBy: actor.id, cancelledAt: now } },
      ];
    }
    default:
      return assertNever(command);
  }
};

export const processDecider: Decider<ProcessCommand, ProcessState, ProcessEvent> = {
  initialState: initialProcessState,
  evolve: evolveProcess,
  decide: decideProcess,
};
