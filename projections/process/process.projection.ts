import { type Kysely, sql } from 'kysely';
import type { PlannedEffect, PlannedStep, PlannedValue, ResolvedEffect } from '../../domain/process/index.js';
import type { RecordedEvent } from '../../event-store/index.js';
import type { Projection } from '../projection.js';
import type { Need, RowStore, StoredRow } from '../row-store.js';
import type { ProcessStepTable, ProcessTables, StepEffect, StepEffectArgument } from './process.tables.js';

const handled = [
  'ProcessStarted',
  'ProcessStepStarted',
  'ProcessTaskCompleted',
  'ProcessDecisionAnswered',
  'ProcessStepSkipped',
  'ProcessStepEffectApplied',
  'ProcessStepEffectFailed',
  'ProcessCompleted',
  'ProcessRejected',
  'ProcessCancelled',
] as const;

type Data = Record<string, unknown>;
type Rows = RowStore<ProcessTables>;
const str = (data: Data, key: string) => data[key] as string;

const stepKeyOf = (tenantId: string, data: Data) => ({
  tenant_id: tenantId,
  process_id: str(data, 'processId'),
  step_key: str(data, 'stepKey'),
});

const updateStep = (
  rows: Rows,
  tenantId: string,
  data: Data,
  changes: Partial<StoredRow<ProcessStepTable>>,
) => rows.update('process_steps', stepKeyOf(tenantId, data), changes);

/** The planned effect as stored: each argument a value or the outcome field it waits for. */
const plannedEffect = (effect: PlannedEffect): StepEffect => ({
  type: effect.type,
  args: Object.fromEntries(
    Object.entries<PlannedValue>(effect.args).map(([name, arg]): [string, StepEffectArgument] => [
      name,
      'value' in arg ? { value: arg.value } : { outcome: arg.outcome, step: arg.step },
    ]),
  ),
});

/** The planned effect with the values its task resolved on completion, keeping where each came from. */
const resolvedEffect = (planned: StepEffect | null, resolved: ResolvedEffect): StepEffect => ({
  type: resolved.type,
  args: Object.fromEntries(
    Object.entries<string>(resolved.args).map(([name, value]) => {
      const arg = planned?.args[name];
      return [name, arg && 'outcome' in arg ? { outcome: arg.outcome, step: arg.step, value } : { value }];
    }),
  ),
});

/** Recounts "done of total" from the steps, as `processProgress` in the domain does. */
const recount = async (rows: Rows, tenantId: string, processId: string) => {
  const key = { tenant_id: tenantId, process_id: processId };
  const steps = await rows.list('process_steps', 'process', key);
  await rows.update('process_list', key, {
    done_steps: steps.filter((step) => step.status === 'done').length,
    total_steps: steps.filter((step) => step.status !== 'skipped').length,
  });
};

const finish = (rows: Rows, tenantId: string, data: Data, status: string, at: string) =>
  rows.update(
    'process_list',
    { tenant_id: tenantId, process_id: str(data, 'processId') },
    { status, finished_at: str(data, at) },
  );

/** Events that change one step, and those that also recount the process from all its steps. */
const stepEvents = new Set(['ProcessStepStarted', 'ProcessStepEffectApplied', 'ProcessStepEffectFailed']);
const recountEvents = new Set(['ProcessTaskCompleted', 'ProcessDecisionAnswered', 'ProcessStepSkipped']);
const finishEvents = new Set(['ProcessCompleted', 'ProcessRejected', 'ProcessCancelled']);

/** Processes with their progress, and every step: who took it up, its answer, its effect and how that went. */
export const processProjection: Projection<ProcessTables> = {
  name: 'processes',
  version: 2,
  tables: ['process_list', 'process_steps'],
  handles: handled,
  rows: {
    process_list: { key: ['tenant_id', 'process_id'] },
    // The steps of one process are read together to recount its progress (a prefix of the primary key).
    process_steps: {
      key: ['tenant_id', 'process_id', 'step_key'],
      groups: { process: ['tenant_id', 'process_id'] },
    },
  },
  needs(event): Need<ProcessTables>[] {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    const process = { tenant_id: tenantId, process_id: str(d, 'processId') };
    if (stepEvents.has(event.type)) return [{ table: 'process_steps', key: stepKeyOf(tenantId, d) }];
    if (recountEvents.has(event.type)) {
      return [
        { table: 'process_steps', key: process, group: 'process' },
        { table: 'process_list', key: process },
      ];
    }
    if (finishEvents.has(event.type)) return [{ table: 'process_list', key: process }];
    return [];
  },

  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable('process_list')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('process_id', 'text', (c) => c.notNull())
      .addColumn('scenario_id', 'text', (c) => c.notNull())
      .addColumn('scenario_version', 'integer', (c) => c.notNull())
      .addColumn('scenario_kind', 'text', (c) => c.notNull())
      .addColumn('title_pl', 'text', (c) => c.notNull())
      .addColumn('title_en', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text')
      .addColumn('parameters', 'jsonb', (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('finished_at', 'timestamptz')
      .addColumn('done_steps', 'integer', (c) => c.notNull())
      .addColumn('total_steps', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('process_list_pkey', ['tenant_id', 'process_id'])
      .execute();
    await db.schema
      .createIndex('process_list_tenant_started')
      .ifNotExists()
      .on('process_list')
      .columns(['tenant_id', 'started_at', 'process_id'])
      .execute();
    await db.schema
      .createIndex('process_list_tenant_status')
      .ifNotExists()
      .on('process_list')
      .columns(['tenant_id', 'status', 'started_at'])
      .execute();
    await db.schema
      .createTable('process_steps')
      .ifNotExists()
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('process_id', 'text', (c) => c.notNull())
      .addColumn('step_key', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title_pl', 'text', (c) => c.notNull())
      .addColumn('title_en', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('required', 'boolean', (c) => c.notNull())
      .addColumn('depends_on', sql`text[]`, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text')
      .addColumn('started_at', 'timestamptz')
      .addColumn('done_by', 'text')
      .addColumn('done_at', 'timestamptz')
      .addColumn('answer', 'text')
      .addColumn('comment', 'text')
      .addColumn('skip_reason', 'text')
      .addColumn('effect_type', 'text')
      .addColumn('effect_status', 'text')
      .addColumn('effect_error', 'text')
      .addColumn('outcome', 'jsonb')
      .addColumn('effect', 'jsonb')
      .addColumn('effect_outcome', 'jsonb')
      .addPrimaryKeyConstraint('process_steps_pkey', ['tenant_id', 'process_id', 'step_key'])
      .execute();
    await db.schema
      .createIndex('process_steps_tenant_kind_status')
      .ifNotExists()
      .on('process_steps')
      .columns(['tenant_id', 'kind', 'status'])
      .execute();
  },

  async apply(event: RecordedEvent, rows: Rows) {
    const tenantId = event.metadata.tenantId as string;
    const d = event.data as Data;
    const processId = str(d, 'processId');
    switch (event.type) {
      case 'ProcessStarted': {
        const title = d.title as { pl: string; en: string };
        const parameters = d.parameters as Record<string, string>;
        const steps = d.steps as PlannedStep[];
        rows.put('process_list', {
          tenant_id: tenantId,
          process_id: processId,
          scenario_id: str(d, 'scenarioId'),
          scenario_version: d.scenarioVersion as number,
          scenario_kind: str(d, 'scenarioKind'),
          title_pl: title.pl,
          title_en: title.en,
          status: 'running',
          person_id: parameters.personId ?? null,
          parameters,
          started_by: str(d, 'startedBy'),
          started_at: str(d, 'startedAt'),
          finished_at: null,
          done_steps: 0,
          total_steps: steps.length,
        });
        for (const [position, step] of steps.entries()) {
          rows.put('process_steps', {
            tenant_id: tenantId,
            process_id: processId,
            step_key: step.key,
            position,
            title_pl: step.title.pl,
            title_en: step.title.en,
            kind: step.kind,
            required: step.required,
            depends_on: step.dependsOn,
            status: 'pending',
            assignee_id: null,
            started_at: null,
            done_by: null,
            done_at: null,
            answer: null,
            comment: null,
            skip_reason: null,
            effect_type: null,
            effect_status: null,
            effect_error: null,
            outcome: null,
            effect: step.kind === 'task' && step.effect ? plannedEffect(step.effect) : null,
            effect_outcome: null,
          });
        }
        return;
      }
      case 'ProcessStepStarted':
        await updateStep(rows, tenantId, d, {
          status: 'in_progress',
          assignee_id: str(d, 'startedBy'),
          started_at: str(d, 'startedAt'),
        });
        return;
      case 'ProcessTaskCompleted': {
        const effect = d.effect as ResolvedEffect | null;
        await rows.update('process_steps', stepKeyOf(tenantId, d), (step) => ({
          status: 'done',
          done_by: str(d, 'completedBy'),
          done_at: str(d, 'completedAt'),
          comment: str(d, 'note'),
          outcome: (d.outcome as Record<string, unknown> | undefined) ?? {},
          effect_type: effect?.type ?? null,
          effect_status: effect ? 'pending' : null,
          effect: effect ? resolvedEffect(step.effect, effect) : step.effect,
        }));
        await recount(rows, tenantId, processId);
        return;
      }
      case 'ProcessDecisionAnswered':
        await updateStep(rows, tenantId, d, {
          status: 'done',
          done_by: str(d, 'answeredBy'),
          done_at: str(d, 'answeredAt'),
          answer: str(d, 'answer'),
          comment: str(d, 'comment'),
        });
        await recount(rows, tenantId, processId);
        return;
      case 'ProcessStepSkipped':
        await updateStep(rows, tenantId, d, {
          status: 'skipped',
          done_by: str(d, 'skippedBy'),
          done_at: str(d, 'skippedAt'),
          skip_reason: str(d, 'reason'),
        });
        await recount(rows, tenantId, processId);
        return;
      case 'ProcessStepEffectApplied':
        await updateStep(rows, tenantId, d, {
          effect_status: 'applied',
          effect_error: null,
          effect_outcome: { status: 'applied', appliedAt: str(d, 'appliedAt') },
        });
        return;
      case 'ProcessStepEffectFailed':
        await updateStep(rows, tenantId, d, {
          effect_status: 'failed',
          effect_error: `${str(d, 'errorCode')}: ${str(d, 'message')}`,
          effect_outcome: {
            status: 'failed',
            errorCode: str(d, 'errorCode'),
            message: str(d, 'message'),
            failedAt: str(d, 'failedAt'),
          },
        });
        return;
      case 'ProcessCompleted':
        await finish(rows, tenantId, d, 'completed', 'completedAt');
        return;
      case 'ProcessRejected':
        await finish(rows, tenantId, d, 'rejected', 'rejectedAt');
        return;
      case 'ProcessCancelled':
        await finish(rows, tenantId, d, 'cancelled', 'cancelledAt');
        return;
      default:
        return;
    }
  },
};
