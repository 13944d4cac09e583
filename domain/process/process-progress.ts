import { assertNever } from '../shared/index.js';
import type { ProcessState } from './process.js';
import { isSettled, unsettledDependencies } from './process.js';

/** What a process card shows: "3 of 7", what waits for the client and what can be worked on now. */
export interface ProcessProgress {
  /** Steps done. */
  done: number;
  /** Steps that are or will be done: skipped steps drop out of both counts. */
  total: number;
  /** Decisions the client can answer now: their dependencies are done or skipped, they are not answered. */
  waitingForClient: string[];
  /** Every step that can be taken up now (tasks and decisions), in the planned order. */
  nextSteps: string[];
}

/** The progress of a process, derived from its state alone. */
export const processProgress = (state: ProcessState): ProcessProgress => {
  switch (state.status) {
    case 'not_started':
      return { done: 0, total: 0, waitingForClient: [], nextSteps: [] };
    case 'running':
    case 'completed':
    case 'rejected':
    case 'cancelled': {
      const done = state.steps.filter((step) => step.status === 'done').length;
      const total = state.steps.filter((step) => step.status !== 'skipped').length;
      if (state.status !== 'running') return { done, total, waitingForClient: [], nextSteps: [] };
      const available = state.steps.filter(
        (step) => !isSettled(step) && unsettledDependencies(state.steps, step.step).length === 0,
      );
      return {
        done,
        total,
        waitingForClient: available
          .filter(({ step }) => step.kind === 'decision')
          .map(({ step }) => step.key),
        nextSteps: available.map(({ step }) => step.key),
      };
    }
    default:
      return assertNever(state);
  }
};
