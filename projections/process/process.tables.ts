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
}

export interface ProcessTables {
  process_list: ProcessListTable;
  process_steps: ProcessStepTable;
}
