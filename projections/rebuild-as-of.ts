import { type Kysely, sql } from 'kysely';
import type { EventStore, RecordedEvent } from '../event-store/index.js';
import { applyEvents } from './apply-batch.js';
import type { AnyProjection } from './projection.js';
import { readPage } from './rebuild.js';

export interface RebuildAsOfOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>;
  store: EventStore;
  projections: readonly AnyProjection[];
  tenantId: string;
  /** Events recorded at or before this instant count; later ones do not. */
  asOf: Date;
  /** Where the read models go (default `asOfSchemaName(tenantId, asOf)`); made anew. */
  schema?: string;
  /** Events per page read and per transaction. */
  batchSize?: number;
  /** Events of the log read so far, and how many of them were the tenant's and in time. */
  onProgress?: (progress: { read: number; applied: number }) => void;
}

export interface RebuildAsOfResult {
  schema: string;
  /** The tenant's events applied. */
  events: number;
  /** Checkpoint of the last of them; undefined when the tenant had none yet. */
  lastCheckpoint: string | undefined;
  /** Rows in each table of the schema, by table name. */
  rows: Record<string, number>;
}

/** The table in every point-in-time schema saying what it holds; also what marks a schema as one of ours. */
export const asOfMarkerTable = 'as_of_rebuild';

const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;
const reserved = /^(public|information_schema|pg_.*|rebuild_.*)$/;

/** `asof_<yyyymmdd>[t<hhmmss>]_<first 8 letters or digits of the tenant>`, e.g. `asof_20260301_0195a1b2`. */
export const asOfSchemaName = (tenantId: string, asOf: Date) => {
  const iso = asOf.toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  const tenant = tenantId
    .toLowerCase()
    .replaceAll(/[^a-z0-9]/g, '')
    .slice(0, 8);
  return `asof_${day}${time === '000000' ? '' : `t${time}`}_${tenant}`;
};

/** A schema name the rebuild may create, or the reason it may not. */
export class AsOfSchemaError extends Error {
  readonly code = 'AS_OF_SCHEMA_REFUSED';
}

/**
 * Makes `schema` empty and ready: a new schema, or one an earlier point-in-time rebuild made (it holds the
 * marker table). Any other existing schema is refused: a typo must not drop the live read models.
 */
// biome-ignore lint/suspicious/noExplicitAny: any projection's tables
const freshSchema = async (db: Kysely<any>, schema: string) => {
  if (!schemaPattern.test(schema) || reserved.test(schema)) {
    throw new AsOfSchemaError(
      `Schema name ${JSON.stringify(schema)} refused: use lower-case letters, digits and _ (not public, pg_…, rebuild_…)`,
    );
  }
  const { rows } = await sql<{ schema: string; marked: boolean }>`
    select n.nspname as schema,
      exists (select 1 from pg_tables t where t.schemaname = n.nspname and t.tablename = ${asOfMarkerTable}) as marked
    from pg_namespace n where n.nspname = ${schema}`.execute(db);
  const existing = rows[0];
  if (existing && !existing.marked) {
    throw new AsOfSchemaError(
      `Schema ${schema} exists and is not a point-in-time rebuild: refusing to replace it`,
    );
  }
  if (existing) await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  await sql`create schema ${sql.id(schema)}`.execute(db);
};

/**
 * Rebuilds one tenant's read models as they stood at `asOf` into a schema of their own, which an auditor
 * can query with SQL; the live read models are not touched. The whole log is read (it is ordered by
 * commit, not by time), keeping the tenant's events recorded at or before `asOf`; within a stream, the
 * first event after `asOf` ends that stream, so every aggregate shows a state it really had.
 */
export const rebuildTenantAsOf = async (options: RebuildAsOfOptions): Promise<RebuildAsOfResult> => {
  const { db, store, projections, tenantId, asOf } = options;
  const schema = options.schema ?? asOfSchemaName(tenantId, asOf);
  const batchSize = options.batchSize ?? 5000;
  await freshSchema(db, schema);
  await sql`create table ${sql.id(schema, asOfMarkerTable)} (
    tenant_id text not null, as_of timestamptz not null, last_checkpoint text, events integer not null,
    built_at timestamptz not null default now())`.execute(db);
  for (const projection of projections) await projection.migrate(db.withSchema(schema));

  const ended = new Set<string>();
  const inTime = (event: RecordedEvent) => {
    if (event.metadata.tenantId !== tenantId || ended.has(event.streamName)) return false;
    if (event.recordedAt.getTime() <= asOf.getTime()) return true;
    ended.add(event.streamName);
    return false;
  };
  let read = 0;
  let applied = 0;
  let lastCheckpoint: string | undefined;
  let after: string | undefined;
  for (;;) {
    const page = await readPage(store, after, batchSize);
    if (page.length === 0) break;
    after = page.at(-1)?.checkpoint;
    read += page.length;
    const kept = page.filter(inTime);
    if (kept.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (const projection of projections) await applyEvents(projection, kept, trx, schema);
      });
      applied += kept.length;
      lastCheckpoint = kept.at(-1)?.checkpoint;
    }
    options.onProgress?.({ read, applied });
  }
  await sql`insert into ${sql.id(schema, asOfMarkerTable)} (tenant_id, as_of, last_checkpoint, events)
    values (${tenantId}, ${asOf.toISOString()}, ${lastCheckpoint ?? null}, ${applied})`.execute(db);

  const rows: Record<string, number> = {};
  for (const table of projections.flatMap((projection) => projection.tables)) {
    const counted = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, table)}`.execute(
      db,
    );
    rows[table] = counted.rows[0]?.n ?? 0;
  }
  return { schema, events: applied, lastCheckpoint, rows };
};
