import { type QueryExecutorProvider, sql, type Transaction } from 'kysely';
import type { RecordedEvent } from '../event-store/index.js';
import type { AnyProjection } from './projection.js';

/** Serialises everything that moves one projection: live batches and the swap at the end of a rebuild. */
export const lockProjection = async (trx: QueryExecutorProvider, name: string) => {
  await sql`select pg_advisory_xact_lock(hashtext(${`projection:${name}`}))`.execute(trx);
};

/** Applies the events of `events` that `projection` handles, in order, inside `trx`. */
export const applyEvents = async (
  projection: AnyProjection,
  events: readonly RecordedEvent[],
  trx: Transaction<unknown>,
) => {
  const handled = new Set(projection.handles);
  for (const event of events) if (handled.has(event.type)) await projection.apply(event, trx);
};

/** The checkpoint a projection has committed, read under its lock. */
export const committedCheckpoint = async (
  trx: QueryExecutorProvider,
  name: string,
): Promise<string | undefined> => {
  const { rows } = await sql<{ checkpoint: string }>`
    select checkpoint from projection_checkpoints where name = ${name}`.execute(trx);
  return rows[0]?.checkpoint;
};

export const saveCheckpoint = async (
  trx: QueryExecutorProvider,
  name: string,
  version: number,
  checkpoint: string,
) => {
  await sql`
    insert into projection_checkpoints (name, version, checkpoint, updated_at) values (${name}, ${version}, ${checkpoint}, now())
    on conflict (name) do update set version = excluded.version, checkpoint = excluded.checkpoint, updated_at = now()`.execute(
    trx,
  );
};
