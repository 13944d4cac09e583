import { type Kysely, sql } from 'kysely';
import type { EventStore, RecordedEvent } from '../event-store/index.js';
import { applyEvents, lockProjection, saveCheckpoint } from './apply-batch.js';
import { migrateCheckpoints } from './checkpoints.js';
import type { AnyProjection } from './projection.js';

export interface RebuildProgress {
  projection: string;
  events: number;
  eventsPerSecond: number;
  done: boolean;
}

export interface RebuildOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>;
  store: EventStore;
  projection: AnyProjection;
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

const readPage = async (store: EventStore, after: string | undefined, maxCount: number) => {
  const page: RecordedEvent[] = [];
  for await (const event of store.readAll({ ...(after === undefined ? {} : { after }), maxCount }))
    page.push(event);
  return page;
};

/**
 * Replays the whole log into fresh tables in a schema of their own while the current tables keep serving,
 * then swaps them in: under the projection's lock (so no live batch interleaves) it applies what arrived
 * meanwhile, drops the old tables, moves the new ones into place and records the checkpoint, all in one
 * transaction. Readers wait at most for that transaction; they never see a missing or half-built table.
 */
export const rebuildProjection = async (options: RebuildOptions): Promise<void> => {
  const { db, store, projection } = options;
  const batchSize = options.batchSize ?? 2000;
  const schema = `rebuild_${projection.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  const target = db.withSchema(schema);
  const started = process.hrtime.bigint();
  let events = 0;
  const report = (done: boolean) =>
    options.onProgress?.({
      projection: projection.name,
      events,
      eventsPerSecond: events / Math.max(Number(process.hrtime.bigint() - started) / 1e9, 1e-9),
      done,
    });

  await migrateCheckpoints(db);
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  await sql`create schema ${sql.id(schema)}`.execute(db);
  await projection.migrate(target);

  let after: string | undefined;
  for (;;) {
    const page = await readPage(store, after, batchSize);
    if (page.length === 0) break;
    await target.transaction().execute((trx) => applyEvents(projection, page, trx));
    after = page.at(-1)?.checkpoint;
    events += page.length;
    report(false);
  }

  await db.transaction().execute(async (trx) => {
    await lockProjection(trx, projection.name);
    const staged = target.withSchema(schema);
    for (;;) {
      const page = await readPage(store, after, batchSize);
      if (page.length === 0) break;
      await staged.transaction().execute((inner) => applyEvents(projection, page, inner));
      after = page.at(-1)?.checkpoint;
      events += page.length;
    }
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(trx);
    const live = rows[0]?.schema ?? 'public';
    for (const table of projection.tables) {
      await sql`drop table if exists ${sql.id(live, table)}`.execute(trx);
      await sql`alter table ${sql.id(schema, table)} set schema ${sql.id(live)}`.execute(trx);
    }
    await sql`drop schema ${sql.id(schema)} cascade`.execute(trx);
    if (after !== undefined) await saveCheckpoint(trx, projection.name, projection.version, after);
    else await sql`delete from projection_checkpoints where name = ${projection.name}`.execute(trx);
  });
  report(true);
};
