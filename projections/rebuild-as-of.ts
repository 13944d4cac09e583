import { createHash } from 'node:crypto';
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
  /** Called once the schema exists and is marked as this rebuild's (before any event is read). */
  onStarted?: () => void;
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

/**
 * `asof_<yyyymmdd>[t<hhmmss>]_<up to 8 letters or digits of the tenant>_<6 hex of its SHA-256>`, e.g.
 * `asof_20260301_0195a1b2_3f9c1e`: readable, and distinct for two tenants whose ids begin alike (UUIDv7 ids
 * made in the same minute do).
 */
export const asOfSchemaName = (tenantId: string, asOf: Date) => {
  const iso = asOf.toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  const tenant = tenantId
    .toLowerCase()
    .replaceAll(/[^a-z0-9]/g, '')
    .slice(0, 8);
  const digest = createHash('sha256').update(tenantId).digest('hex').slice(0, 6);
  return `asof_${day}${time === '000000' ? '' : `t${time}`}_${tenant}_${digest}`;
};

/** A schema name the rebuild may create, or the reason it may not. */
export class AsOfSchemaError extends Error {
  readonly code = 'AS_OF_SCHEMA_REFUSED';
}

/** Whether `schema` exists, and which tenant's point-in-time rebuild it holds (null: not one, or not marked yet). */
// biome-ignore lint/suspicious/noExplicitAny: any projection's tables
const existingSchema = async (db: Kysely<any>, schema: string) => {
  const { rows } = await sql<{ marked: boolean }>`
    select exists (select 1 from pg_tables t where t.schemaname = n.nspname and t.tablename = ${asOfMarkerTable})
      as marked
    from pg_namespace n where n.nspname = ${schema}`.execute(db);
  const found = rows[0];
  if (!found) return undefined;
  if (!found.marked) return { marked: false as const };
  const marker = await sql<{
    tenant_id: string;
  }>`select tenant_id from ${sql.id(schema, asOfMarkerTable)}`.execute(db);
  return { marked: true as const, tenants: marker.rows.map((row) => row.tenant_id) };
};

/**
 * Makes `schema` empty and ready: a new schema, or one an earlier point-in-time rebuild of the same tenant made
 * (it holds the marker table). Any other existing schema is refused: a typo must not drop the live read models,
 * nor another tenant's rebuild.
 */
// biome-ignore lint/suspicious/noExplicitAny: any projection's tables
const freshSchema = async (db: Kysely<any>, schema: string, tenantId: string) => {
  if (!schemaPattern.test(schema) || reserved.test(schema)) {
    throw new AsOfSchemaError(
      `Schema name ${JSON.stringify(schema)} refused: use lower-case letters, digits and _ (not public, pg_…, rebuild_…)`,
    );
  }
  const existing = await existingSchema(db, schema);
  if (existing && !existing.marked) {
    throw new AsOfSchemaError(
      `Schema ${schema} exists and is not a point-in-time rebuild: refusing to replace it`,
    );
  }
  if (existing?.tenants.some((tenant) => tenant !== tenantId)) {
    throw new AsOfSchemaError(
      `Schema ${schema} holds another tenant's point-in-time rebuild: refusing to replace it`,
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
  await freshSchema(db, schema, tenantId);
  // Marked from the start, so that an interrupted rebuild is known as one (built_at stays null) and whose it is.
  await sql`create table ${sql.id(schema, asOfMarkerTable)} (
    tenant_id text not null, as_of timestamptz not null, last_checkpoint text, events integer not null,
    started_at timestamptz not null default now(), built_at timestamptz)`.execute(db);
  await sql`insert into ${sql.id(schema, asOfMarkerTable)} (tenant_id, as_of, events)
    values (${tenantId}, ${asOf.toISOString()}, 0)`.execute(db);
  for (const projection of projections) await projection.migrate(db.withSchema(schema));
  options.onStarted?.();

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
  await sql`update ${sql.id(schema, asOfMarkerTable)}
    set last_checkpoint = ${lastCheckpoint ?? null}, events = ${applied}, built_at = now()`.execute(db);

  const rows = await rowCounts(db, schema, projections);
  return { schema, events: applied, lastCheckpoint, rows };
};

/** Rows in each table of the projections, in `schema`, by table name. */
const rowCounts = async (
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>,
  schema: string,
  projections: readonly AnyProjection[],
) => {
  const rows: Record<string, number> = {};
  for (const table of projections.flatMap((projection) => projection.tables)) {
    const counted = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, table)}`.execute(
      db,
    );
    rows[table] = counted.rows[0]?.n ?? 0;
  }
  return rows;
};

/** A point-in-time schema as its marker describes it. `builtAt` null: the rebuild is running or was interrupted. */
export interface AsOfRebuild {
  schema: string;
  tenantId: string;
  asOf: Date;
  events: number;
  lastCheckpoint: string | null;
  startedAt: Date;
  builtAt: Date | null;
}

interface MarkerRow {
  schema: string;
  tenant_id: string;
  as_of: Date;
  events: number;
  last_checkpoint: string | null;
  started_at: Date | null;
  built_at: Date | null;
}

const fromMarker = (row: MarkerRow): AsOfRebuild => ({
  schema: row.schema,
  tenantId: row.tenant_id,
  asOf: row.as_of,
  events: row.events,
  lastCheckpoint: row.last_checkpoint,
  // Schemas built before the start was recorded were marked only once built.
  startedAt: row.started_at ?? (row.built_at as Date),
  builtAt: row.built_at,
});

/** Every point-in-time schema of the tenant (of every tenant when undefined), newest as-of date first. */
export const listAsOfRebuilds = async (
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>,
  tenantId: string | undefined,
): Promise<AsOfRebuild[]> => {
  const { rows: schemas } = await sql<{ schema: string; started: boolean }>`
    select t.schemaname as schema,
      exists (select 1 from information_schema.columns c
        where c.table_schema = t.schemaname and c.table_name = ${asOfMarkerTable} and c.column_name = 'started_at')
        as started
    from pg_tables t where t.tablename = ${asOfMarkerTable} order by t.schemaname`.execute(db);
  const found: AsOfRebuild[] = [];
  for (const { schema, started } of schemas) {
    const { rows } = await sql<MarkerRow>`
      select ${schema} as schema, tenant_id, as_of, events, last_checkpoint,
        ${started ? sql.ref('started_at') : sql`null::timestamptz`} as started_at, built_at
      from ${sql.id(schema, asOfMarkerTable)}
      where ${tenantId === undefined ? sql`true` : sql`tenant_id = ${tenantId}`}`.execute(db);
    found.push(...rows.map(fromMarker));
  }
  return found.sort((a, b) => b.asOf.getTime() - a.asOf.getTime() || a.schema.localeCompare(b.schema));
};

/** The tenant's point-in-time schema of that name, with its row counts once built; undefined if not the tenant's. */
export const readAsOfRebuild = async (
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>,
  tenantId: string,
  schema: string,
  projections: readonly AnyProjection[],
): Promise<(AsOfRebuild & { rows: Record<string, number> | null }) | undefined> => {
  const rebuild = (await listAsOfRebuilds(db, tenantId)).find((candidate) => candidate.schema === schema);
  if (!rebuild) return undefined;
  return { ...rebuild, rows: rebuild.builtAt ? await rowCounts(db, schema, projections) : null };
};

/**
 * One page of a read-model table of the tenant's built point-in-time schema, in its primary key's order;
 * undefined when the schema is not the tenant's, not built, or `table` is none of the
 * projections'.
 */
export const readAsOfRows = async (
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>,
  query: {
    tenantId: string;
    schema: string;
    table: string;
    projections: readonly AnyProjection[];
    limit: number;
    offset: number;
  },
): Promise<{ items: Record<string, unknown>[]; total: number } | undefined> => {
  const { tenantId, schema, table, projections, limit, offset } = query;
  if (!projections.some((projection) => projection.tables.includes(table))) return undefined;
  const rebuild = (await listAsOfRebuilds(db, tenantId)).find((candidate) => candidate.schema === schema);
  if (!rebuild?.builtAt) return undefined;
  // The primary key's columns give a stable order; a table without one is read in its physical order.
  const { rows: columns } = await sql<{ column: string }>`
    select a.attname as column from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${`${schema}.${table}`}::regclass and i.indisprimary
    order by array_position(i.indkey, a.attnum)`.execute(db);
  const order = columns.length > 0 ? sql.join(columns.map(({ column }) => sql.ref(column))) : sql.raw('ctid');
  const page = await sql<Record<string, unknown>>`
    select * from ${sql.id(schema, table)} order by ${order} limit ${limit} offset ${offset}`.execute(db);
  const counted = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(schema, table)}`.execute(
    db,
  );
  return { items: page.rows, total: counted.rows[0]?.n ?? 0 };
};

/** Drops the tenant's point-in-time schema; false when there is none of that name for the tenant. */
// biome-ignore lint/suspicious/noExplicitAny: any projection's tables
export const dropAsOfRebuild = async (db: Kysely<any>, tenantId: string, schema: string) => {
  const existing = await existingSchema(db, schema);
  if (
    !existing?.marked ||
    existing.tenants.length === 0 ||
    existing.tenants.some((tenant) => tenant !== tenantId)
  )
    return false;
  await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
  return true;
};

/**
 * Drops the point-in-time schemas (of one tenant, or all) that were started before a person of their tenant
 * was erased: they hold that person's data as it was, in plain text, where deleting the key cannot reach it.
 * Run before any rebuild is listed or read, and when the server starts. Returns the schemas dropped.
 */
export const dropRebuildsErasedSince = async (
  // biome-ignore lint/suspicious/noExplicitAny: any projection's tables
  db: Kysely<any>,
  tenantId?: string,
): Promise<string[]> => {
  const rebuilds = await listAsOfRebuilds(db, tenantId);
  if (rebuilds.length === 0) return [];
  // Without the people's read model (not projected yet) no erasure is known.
  const { rows: people } = await sql<{
    table: string | null;
  }>`select to_regclass('person_list')::text as table`.execute(db);
  if (!people[0]?.table) return [];
  const { rows } = await sql<{ tenant_id: string; erased: Date }>`
    select tenant_id, max(erased_at) as erased from person_list
    where erased_at is not null ${tenantId === undefined ? sql`` : sql`and tenant_id = ${tenantId}`}
    group by tenant_id`.execute(db);
  const erasedUntil = new Map(rows.map((row) => [row.tenant_id, row.erased.getTime()]));
  const dropped: string[] = [];
  for (const rebuild of rebuilds) {
    const erased = erasedUntil.get(rebuild.tenantId);
    // Started later, it read the events with the person's key already deleted: placeholders only.
    if (erased === undefined || rebuild.startedAt.getTime() > erased) continue;
    await sql`drop schema if exists ${sql.id(rebuild.schema)} cascade`.execute(db);
    dropped.push(rebuild.schema);
  }
  return dropped;
};
