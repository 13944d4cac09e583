import type { ColumnType } from 'kysely';

/** One row per process: what the process list and the head of the process card show. */
export interface ProcessListTable {
  tenant_id: string;
  process_id: string;
  scenario_id: string;
  scenario_version: number;
  /** onboarding, offboarding, hardware_service, purchase_request or access_request. */
  scenario_kind: string;
  title_pl: string;
  title_en: string;
  /** running, completed, rejected or cancelled. */
  status: string;
  /** The `personId` start parameter, when the scenario has one and it was given. */
  person_id: string | null;
  parameters: Record<string, string>;
  started_by: string;
  started_at: ColumnType<Date, string, string>;
  /** When it completed, was rejected or was cancelled; null while running. */
  finished_at: ColumnType<Date | null, string | null, string | null>;
  /** Steps done, and steps done or still to do (skipped steps drop out of both): "3 of 7". */
  done_steps: number;
  total_steps: number;
}

/**
 * An effect argument: a value known when the process started, or a field of a step's outcome (`step`
 * may be the step itself), whose `value` is known once that step is done.
 */
export type StepEffectArgument = { value: string } | { outcome: string; step: string; value?: string };

/** A task's effect on another aggregate: `return_device` with `deviceId`, `personId`, `condition`, … */
export interface StepEffect {
  type: string;
  args: Record<string, StepEffectArgument>;
}

/** The last outcome the process manager recorded for a done task's effect (a failure may be retried). */
export type EffectOutcome =
  | { status: 'applied'; appliedAt: string }
  | { status: 'failed'; errorCode: string; message: string; failedAt: string };

/** One row per planned step of a process, in the planned order (`position`). */
export interface ProcessStepTable {
  tenant_id: string;
  process_id: string;
  step_key: string;
  position: number;
  title_pl: string;
  title_en: string;
  /** task or decision. */
  kind: string;
  required: boolean;
  depends_on: string[];
  /** pending, in_progress, done or skipped. */
  status: string;
  /** Who started the step (took it up); null until someone does. */
  assignee_id: string | null;
  started_at: ColumnType<Date | null, string | null, string | null>;
  /** Who completed, answered or skipped it, and when. */
  done_by: string | null;
  done_at: ColumnType<Date | null, string | null, string | null>;
  /** A decision's answer (approve or reject) and comment; a task's note. */
  answer: string | null;
  comment: string | null;
  skip_reason: string | null;
  /** A done task's effect type; null when it has none. */
  effect_type: string | null;
  /** pending, applied or failed; null when the step has no effect (yet). */
  effect_status: string | null;
  effect_error: string | null;
  outcome: Record<string, unknown> | null;
  /** The task's effect as planned, its arguments' values filled in once it is done; null without one. */
  effect: StepEffect | null;
  /** What the process manager recorded about the effect; null until it recorded anything. */
  effect_outcome: EffectOutcome | null;
}

export interface ProcessTables {
  process_list: ProcessListTable;
  process_steps: ProcessStepTable;
}
