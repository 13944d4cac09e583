import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { EventStore } from '../event-store/index.js';
import {
  type AnyProjection,
  type AsOfRebuild,
  asOfSchemaName,
  dropAsOfRebuild,
  dropRebuildsErasedSince,
  listAsOfRebuilds,
  readAsOfRebuild,
  readAsOfRows,
  rebuildTenantAsOf,
} from '../projections/index.js';
import type { AsOfRebuildAnswer, AsOfRebuilds } from '../read-api/audit-routes.js';
import type { AccessRecorder, HistoryAccess } from '../read-api/query-route.js';

/** The access a finished rebuild as of a date is recorded as, from the CLI and the API alike. */
export const rebuiltAccess = (asOf: Date, result: { events: number; schema: string }): HistoryAccess => ({
  action: 'rebuilt_as_of',
  target: 'history',
  asOf,
  result: 'ok',
  events: result.events,
  detail: `schema ${result.schema}`,
});

interface Running {
  tenantId: string;
  read: number;
  applied: number;
  total: number;
  done: Promise<void>;
}

export interface AsOfRebuildsOptions {
  // biome-ignore lint/suspicious/noExplicitAny: every projection's tables
  db: Kysely<any>;
  pool: pg.Pool;
  /** The app's store: upcast and with personal data opened (erased persons read as erased). */
  store: EventStore;
  projections: readonly AnyProjection[];
  recordAccess: AccessRecorder;
  /** How many rebuilds may run at once across tenants (default 2): each replays the whole log. */
  maxRunning?: number;
  logger?: { error(object: object, message: string): void };
}

/**
 * Point-in-time rebuilds over the API: each runs in the background (a whole-log replay takes a while) into a
 * schema of its own, one at a time per tenant and a few at a time in all; its progress is kept here, its
 * result in the schema's marker (projections/rebuild-as-of.ts). A finished rebuild is recorded as the
 * caller's `rebuilt_as_of` access. A rebuild started before one of the tenant's people was erased holds
 * their data in plain text: it is dropped before the tenant's rebuilds are listed or read.
 */
export const createAsOfRebuilds = (options: AsOfRebuildsOptions) => {
  const { db, pool, store, projections } = options;
  const running = new Map<string, Running>();
  /** Why a rebuild failed, by schema, until it is started again or deleted (lost on restart: then `interrupted`). */
  const failures = new Map<string, string>();

  const answerOf = (rebuild: AsOfRebuild, rows?: Record<string, number> | null): AsOfRebuildAnswer => {
    const job = running.get(rebuild.schema);
    const failure = failures.get(rebuild.schema);
    const status = job ? 'building' : rebuild.builtAt ? 'ready' : failure ? 'failed' : 'interrupted';
    return {
      rebuildId: rebuild.schema,
      asOf: rebuild.asOf.toISOString(),
      status,
      startedAt: rebuild.startedAt.toISOString(),
      builtAt: rebuild.builtAt?.toISOString() ?? null,
      events: job ? job.applied : rebuild.events,
      lastCheckpoint: rebuild.lastCheckpoint,
      ...(job ? { progress: { read: job.read, total: job.total } } : {}),
      ...(status === 'failed' && failure ? { error: failure } : {}),
      ...(rows ? { rows } : {}),
    };
  };

  const rebuilds: AsOfRebuilds = {
    tables: projections.flatMap((projection) => projection.tables),

    async start(caller, asOf) {
      const { tenantId } = caller;
      if ([...running.values()].some((job) => job.tenantId === tenantId)) return 'tenant_running';
      if (running.size >= (options.maxRunning ?? 2)) return 'too_many_running';
      const schema = asOfSchemaName(tenantId, asOf);
      // Claimed before anything is awaited, so that a second request at the same moment finds it running.
      const job: Running = { tenantId, read: 0, applied: 0, total: 0, done: Promise.resolve() };
      running.set(schema, job);
      failures.delete(schema);
      try {
        const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from es_events');
        job.total = rows[0]?.n ?? 0;
      } catch (error) {
        running.delete(schema);
        throw error;
      }
      let began: () => void = () => undefined;
      const marked = new Promise<void>((resolve) => {
        began = resolve;
      });
      job.done = rebuildTenantAsOf({
        db,
        store,
        projections,
        tenantId,
        asOf,
        schema,
        onStarted: began,
        onProgress: ({ read, applied }) => {
          job.read = read;
          job.applied = applied;
        },
      })
        .then((result) => options.recordAccess(caller, rebuiltAccess(asOf, result)))
        .catch((error: unknown) => {
          failures.set(schema, error instanceof Error ? error.message : String(error));
          options.logger?.error({ err: error, schema }, 'point-in-time rebuild failed');
        })
        .finally(() => {
          running.delete(schema);
          began();
        });
      // Answer once the schema is marked (or the rebuild failed before), so that it can be looked up at once.
      await marked;
      const found = (await listAsOfRebuilds(db, tenantId)).find((rebuild) => rebuild.schema === schema);
      if (found) return answerOf(found);
      return {
        rebuildId: schema,
        asOf: asOf.toISOString(),
        status: 'failed',
        startedAt: new Date().toISOString(),
        builtAt: null,
        events: 0,
        lastCheckpoint: null,
        error: failures.get(schema) ?? 'the rebuild did not start',
      };
    },

    async list(tenantId) {
      await dropRebuildsErasedSince(db, tenantId);
      return (await listAsOfRebuilds(db, tenantId)).map((rebuild) => answerOf(rebuild));
    },

    async get(tenantId, rebuildId) {
      await dropRebuildsErasedSince(db, tenantId);
      const found = await readAsOfRebuild(db, tenantId, rebuildId, projections);
      return found ? answerOf(found, found.rows) : undefined;
    },

    async rows(tenantId, rebuildId, table, page) {
      await dropRebuildsErasedSince(db, tenantId);
      return readAsOfRows(db, { tenantId, schema: rebuildId, table, projections, ...page });
    },

    async drop(tenantId, rebuildId) {
      if (running.has(rebuildId)) return false;
      failures.delete(rebuildId);
      return dropAsOfRebuild(db, tenantId, rebuildId);
    },
  };

  return {
    rebuilds,
    /** Waits for the rebuilds still running (on shutdown, and in tests). */
    settled: () => Promise.all([...running.values()].map((job) => job.done)).then(() => undefined),
  };
};
