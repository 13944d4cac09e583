import { type Kysely, sql } from 'kysely';
import { cursorInstant, decodeCursor as decode, pageLimit, pageOf } from '../pagination.js';
import type { ProcessTables } from './process.tables.js';

export interface ProcessListFilter {
  /** running, completed, rejected or cancelled. */
  status?: string;
  /** The scenario kind: onboarding, offboarding, … */
  kind?: string;
  /** Only the processes about this person (its `personId` parameter). */
  personId?: string;
  cursor?: string;
  limit?: number;
}

/** The tenant's processes, newest first, a page at a time (keyset on start time and id). */
export const listProcesses = async (
  db: Kysely<ProcessTables>,
  tenantId: string,
  filter: ProcessListFilter = {},
) => {
  const limit = pageLimit(filter.limit);
  let query = db.selectFrom('process_list').selectAll().where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('scenario_kind', '=', filter.kind);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.cursor) {
    const [startedAt, processId] = decode(filter.cursor) as [string, string];
    query = query.where(
      sql<boolean>`(started_at, process_id) < (${cursorInstant(startedAt)}::timestamptz, ${processId})`,
    );
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('process_id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (last) => [last.started_at.toISOString(), last.process_id]);
};

/** Decision steps whose dependencies are all done or skipped and that are not answered yet. */
const waitingDecisions = (db: Kysely<ProcessTables>, tenantId: string) =>
  db
    .selectFrom('process_steps as s')
    .innerJoin('process_list as p', (join) =>
      join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.process_id', '=', 's.process_id'),
    )
    .where('s.tenant_id', '=', tenantId)
    .where('s.kind', '=', 'decision')
    .where('s.status', 'not in', ['done', 'skipped'])
    .where('p.status', '=', 'running')
    .where(
      sql<boolean>`not exists (select 1 from process_steps d
        where d.tenant_id = s.tenant_id and d.process_id = s.process_id
          and d.step_key = any(s.depends_on) and d.status not in ('done', 'skipped'))`,
    );

/**
 * One process of the tenant with its steps in the planned order, or undefined (also for another tenant's
 * process). `waitingForClient` names the decisions the client can answer now.
 */
export const processCard = async (db: Kysely<ProcessTables>, tenantId: string, processId: string) => {
  const process = await db
    .selectFrom('process_list')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('process_id', '=', processId)
    .executeTakeFirst();
  if (!process) return undefined;
  const [steps, waiting] = await Promise.all([
    db
      .selectFrom('process_steps')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('process_id', '=', processId)
      .orderBy('position')
      .execute(),
    waitingDecisions(db, tenantId).where('s.process_id', '=', processId).select('s.step_key').execute(),
  ]);
  return { process, steps, waitingForClient: waiting.map((row) => row.step_key) };
};

/**
 * The decisions waiting for the client across the tenant's running processes, longest waiting first.
 * `waitingSince` is when the last dependency was settled (the process start when there is none).
 */
export const decisionsWaiting = (db: Kysely<ProcessTables>, tenantId: string, limit = 200) =>
  waitingDecisions(db, tenantId)
    .select([
      's.process_id',
      's.step_key',
      's.title_pl',
      's.title_en',
      'p.scenario_kind',
      'p.title_pl as process_title_pl',
      'p.title_en as process_title_en',
      'p.person_id',
      sql<Date>`coalesce((select max(d.done_at) from process_steps d
        where d.tenant_id = s.tenant_id and d.process_id = s.process_id
          and d.step_key = any(s.depends_on)), p.started_at)`.as('waiting_since'),
    ])
    .orderBy('waiting_since')
    .orderBy('s.process_id')
    .orderBy('s.position')
    .limit(Math.min(Math.max(limit, 1), 1000))
    .execute();
