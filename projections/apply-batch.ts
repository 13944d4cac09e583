import { type QueryExecutorProvider, sql } from 'kysely';
import type { RecordedEvent } from '../event-store/index.js';
import type { AnyProjection } from './projection.js';
import { createRowStore } from './row-store.js';

/** Serialises everything that moves one projection: live batches and the swap at the end of a rebuild. */
export const lockProjection = async (trx: QueryExecutorProvider, name: string) => {
  await sql`select pg_advisory_xact_lock(hashtext(${`projection:${name}`}))`.execute(trx);
};

/**
 * Applies the events of `events` that `projection` handles, in order: the rows they need are loaded in
 * bulk, `apply` works on them in memory, and the changes are written at the end, all in `trx`. `schema`
 * names where the tables are when they are not in the current schema (a rebuild).
 */
export const applyEvents = async (
  projection: AnyProjection,
  events: readonly RecordedEvent[],
  trx: QueryExecutorProvider,
  schema?: string,
) => {
  const handled = new Set(projection.handles);
  const relevant = events.filter((event) => handled.has(event.type));
  if (relevant.length === 0) return;
  const rows = createRowStore(trx, projection.rows, schema);
  if (projection.needs) await rows.load(relevant.flatMap((event) => projection.needs?.(event) ?? []));
  for (const event of relevant) await projection.apply(event, rows);
  await rows.flush();
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
  tenants?: readonly string[],
) => {
  await sql`
    insert into projection_checkpoints (name, version, checkpoint, updated_at) values (${name}, ${version}, ${checkpoint}, now())
    on conflict (name) do update set version = excluded.version, checkpoint = excluded.checkpoint, updated_at = now()`.execute(
    trx,
  );
  // Delivered only if the transaction commits, so a listener never hears of rows it cannot read yet.
  await sql`select pg_notify(${projectionUpdatesChannel}, ${projectionUpdatePayload(name, checkpoint, tenants)})`.execute(
    trx,
  );
};

/** The NOTIFY channel on which every committed projection batch is announced. */
export const projectionUpdatesChannel = 'projection_updates';

// NOTIFY payloads must stay under 8000 bytes; a batch touching very many tenants says "all" (null).
const maxTenantsInPayload = 100;

const projectionUpdatePayload = (name: string, checkpoint: string, tenants: readonly string[] | undefined) =>
  JSON.stringify({
    projection: name,
    checkpoint,
    tenants: tenants && tenants.length <= maxTenantsInPayload ? tenants : null,
  });
