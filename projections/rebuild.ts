import { type Kysely, sql } from 'kysely';
import type { EventStore, RecordedEvent } from '../event-store/index.js';
import { applyEvents, lockProjection, saveCheckpoint } from './apply-batch.js';
import { migrateCheckpoints } from './checkpoints.js';
import type { AnyProjection } from './projection.js';

export interface RebuildProgress {
  /** The projections being rebuilt, joined with ", ". */
  projection: string;
  events: number;
  eventsPerSecond: number;
  done: boolean;
}

interface CommonOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>;
  store: EventStore;
  /** Events per page read and per transaction. */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildOptions extends CommonOptions {
  projection: AnyProjection;
}

export interface RebuildManyOptions extends CommonOptions {
  projections: readonly AnyProjection[];
}

/** One page of the log after `after`, in log order. */
export const readPage = async (store: EventStore, after: string | undefined, maxCount: number) => {
  const page: RecordedEvent[] = [];
  for await (const event of store.readAll({ ...(after === undefined ? {} : { after }), maxCount }))
    page.push(event);
  return page;
};

const stagingSchema = (projection: AnyProjection) =>
  `rebuild_${projection.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;

/**
 * Replays the whole log into fresh tables, in a schema of their own per projection, while the current
 * tables keep serving; then swaps each in. The log is read once for all the projections: each page is
 * applied to every projection at the same time (a transaction each), while the next page is being read.
 *
 * The swap happens under the projection's lock, so no live batch interleaves: in one transaction it
 * applies what arrived meanwhile, drops the old tables, moves the new ones into place and records the
 * checkpoint. Readers wait at most for that transaction; they never see a missing or half-built table.
 */
export const rebuildProjections = async (options: RebuildManyOptions): Promise<void> => {
  const { db, store, projections } = options;
  const batchSize = options.batchSize ?? 5000;
  const started = process.hrtime.bigint();
  let events = 0;
  const report = (done: boolean) =>
    options.onProgress?.({
      projection: projections.map((p) => p.name).join(', '),
      events,
      eventsPerSecond: events / Math.max(Number(process.hrtime.bigint() - started) / 1e9, 1e-9),
      done,
    });

  await migrateCheckpoints(db);
  for (const projection of projections) {
    const schema = stagingSchema(projection);
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await sql`create schema ${sql.id(schema)}`.execute(db);
    await projection.migrate(db.withSchema(schema));
  }

  let after: string | undefined;
  let next = readPage(store, after, batchSize);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    after = page.at(-1)?.checkpoint;
    next = readPage(store, after, batchSize);
    await Promise.all(
      projections.map((projection) =>
        db.transaction().execute((trx) => applyEvents(projection, page, trx, stagingSchema(projection))),
      ),
    );
    events += page.length;
    report(false);
  }
  await next.catch(() => undefined);

  for (const projection of projections) {
    const schema = stagingSchema(projection);
    await db.transaction().execute(async (trx) => {
      await lockProjection(trx, projection.name);
      let last = after;
      for (;;) {
        const page = await readPage(store, last, batchSize);
        if (page.length === 0) break;
        await applyEvents(projection, page, trx, schema);
        last = page.at(-1)?.checkpoint;
      }
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(trx);
      const live = rows[0]?.schema ?? 'public';
      for (const table of projection.tables) {
        await sql`drop table if exists ${sql.id(live, table)}`.execute(trx);
        await sql`alter table ${sql.id(schema, table)} set schema ${sql.id(live)}`.execute(trx);
      }
      await sql`drop schema ${sql.id(schema)} cascade`.execute(trx);
      if (last !== undefined) await saveCheckpoint(trx, projection.name, projection.version, last);
      else await sql`delete from projection_checkpoints where name = ${projection.name}`.execute(trx);
    });
  }
  report(true);
};

/** Rebuilds one projection without downtime: see `rebuildProjections`. */
export const rebuildProjection = (options: RebuildOptions): Promise<void> => {
  const { projection, ...rest } = options;
  return rebuildProjections({ ...rest, projections: [projection] });
};
