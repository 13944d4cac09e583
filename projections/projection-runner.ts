import type { Kysely } from 'kysely';
import {
  BehaviorSubject,
  bufferTime,
  concatMap,
  filter,
  firstValueFrom,
  type Subscription,
  timeout,
} from 'rxjs';
import type { EventStore, RecordedEvent } from '../event-store/index.js';
import { applyEvents, committedCheckpoint, lockProjection, saveCheckpoint } from './apply-batch.js';
import { migrateCheckpoints, readCheckpoint } from './checkpoints.js';
import type { AnyProjection } from './projection.js';
import { rebuildProjection } from './rebuild.js';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** The last checkpoint applied and committed; undefined before the first batch. */
  checkpoint: string | undefined;
  /** Events seen by the runner but not yet committed. */
  lagEvents: number;
}

export interface ProjectionRunnerOptions {
  // biome-ignore lint/suspicious/noExplicitAny: the runner serves projections with different table types
  db: Kysely<any>;
  store: EventStore;
  projections: readonly AnyProjection[];
  /** Most events in one transaction. */
  batchSize?: number;
  /** Longest a live event waits for its batch to fill. */
  batchMs?: number;
  /** Events per transaction while rebuilding a projection whose version changed. */
  rebuildBatchSize?: number;
  onError?: (error: unknown, projection: string) => void;
}

export interface ProjectionRunner {
  /** Creates missing tables, catches every projection up, then follows the log live. */
  start(): Promise<void>;
  /** Stops following the log; what is committed stays. */
  stop(): void;
  status(): ProjectionStatus[];
  /** Resolves true once every projection has committed `checkpoint` (or a later one); false on timeout. */
  waitForCheckpoint(checkpoint: string, timeoutMs: number): Promise<boolean>;
}

/**
 * Runs each projection on its own: catch-up pulls pages with `readAll` (bounded memory however long the
 * log), then a live subscription applies events in batches bounded by size and time. Every batch writes
 * its rows and the checkpoint in one transaction.
 */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { db, store } = options;
  const batchSize = options.batchSize ?? 500;
  const batchMs = options.batchMs ?? 20;
  const statuses = new Map<string, ProjectionStatus>();
  const progress = new BehaviorSubject<void>(undefined);
  const subscriptions: Subscription[] = [];
  let stopped = false;

  const applyBatch = async (projection: AnyProjection, events: RecordedEvent[]) => {
    const status = statuses.get(projection.name) as ProjectionStatus;
    let committed: string | undefined;
    await db.transaction().execute(async (trx) => {
      await lockProjection(trx, projection.name);
      // Whatever another writer (a finished rebuild, a second runner) already committed is not applied again.
      const stored = await committedCheckpoint(trx, projection.name);
      const fresh = stored === undefined ? events : events.filter((event) => event.checkpoint > stored);
      const last = fresh.at(-1);
      if (!last) {
        committed = stored;
        return;
      }
      await applyEvents(projection, fresh, trx);
      const tenants = [...new Set(fresh.map((event) => String(event.metadata.tenantId)))];
      await saveCheckpoint(trx, projection.name, projection.version, last.checkpoint, tenants);
      committed = last.checkpoint;
    });
    status.checkpoint = committed;
    status.lagEvents = Math.max(0, status.lagEvents - events.length);
    progress.next();
  };

  const run = async (projection: AnyProjection) => {
    await projection.migrate(db);
    let stored = await readCheckpoint(db, projection.name);
    if (stored && stored.version !== projection.version) {
      // The old tables keep serving while the new version is built beside them, then swapped in.
      await rebuildProjection({ db, store, projection, batchSize: options.rebuildBatchSize ?? 2000 });
      stored = await readCheckpoint(db, projection.name);
    }
    statuses.set(projection.name, {
      name: projection.name,
      version: projection.version,
      checkpoint: stored?.checkpoint,
      lagEvents: 0,
    });
    let after = stored?.checkpoint;
    while (!stopped) {
      const page: RecordedEvent[] = [];
      for await (const event of store.readAll({
        ...(after === undefined ? {} : { after }),
        maxCount: batchSize,
      })) {
        page.push(event);
      }
      if (page.length === 0) break;
      await applyBatch(projection, page);
      after = page.at(-1)?.checkpoint;
    }
    if (stopped) return;
    const status = statuses.get(projection.name) as ProjectionStatus;
    subscriptions.push(
      store
        .subscribeToAll(after === undefined ? {} : { after })
        .pipe(
          bufferTime(batchMs, null, batchSize),
          filter((batch) => batch.length > 0),
          concatMap((batch) => {
            status.lagEvents += batch.length;
            return applyBatch(projection, batch);
          }),
        )
        .subscribe({ error: (error: unknown) => options.onError?.(error, projection.name) }),
    );
  };

  const passed = (checkpoint: string) =>
    [...statuses.values()].every(
      (status) => status.checkpoint !== undefined && status.checkpoint >= checkpoint,
    );

  return {
    async start() {
      await migrateCheckpoints(db);
      await Promise.all(options.projections.map(run));
    },
    stop() {
      stopped = true;
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    },
    status: () => [...statuses.values()].map((status) => ({ ...status })),
    async waitForCheckpoint(checkpoint, timeoutMs) {
      if (passed(checkpoint)) return true;
      return firstValueFrom(
        progress.pipe(
          filter(() => passed(checkpoint)),
          timeout(timeoutMs),
        ),
      ).then(
        () => true,
        () => false,
      );
    },
  };
};
