import pg from 'pg';
import { Subject } from 'rxjs';
import { projectionUpdatesChannel } from './apply-batch.js';

/** One committed projection batch: which projection, how far, and the tenants whose rows it changed. */
export interface ProjectionUpdate {
  projection: string;
  checkpoint: string;
  /** Null when the batch touched too many tenants to list (a rebuild, a large catch-up): treat as all. */
  tenants: string[] | null;
}

/** Follows committed projection batches in any process (LISTEN), and answers "has X passed checkpoint C?". */
export interface ProjectionUpdates {
  /** Every committed batch, as PostgreSQL announces it. */
  readonly updates: Subject<ProjectionUpdate>;
  /** The checkpoint each projection had committed at the last announcement or refresh. */
  checkpointOf(projection: string): string | undefined;
  /**
   * Resolves true once every named projection has committed `checkpoint` or a later one; false when
   * `timeoutMs` passes first.
   */
  waitFor(projections: readonly string[], checkpoint: string, timeoutMs: number): Promise<boolean>;
  /** True while the LISTEN connection is up. */
  connected(): boolean;
  close(): Promise<void>;
}

const isUpdate = (value: unknown): value is ProjectionUpdate =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ProjectionUpdate).projection === 'string' &&
  typeof (value as ProjectionUpdate).checkpoint === 'string';

/**
 * Opens a dedicated connection that LISTENs for projection batches. Checkpoints are also re-read every
 * `refreshMs`, so a notification lost while the connection was down delays a reader but never strands it;
 * a dropped connection is reopened.
 */
export const listenForProjectionUpdates = async (options: {
  connectionString: string;
  refreshMs?: number;
  onError?: (error: unknown) => void;
}): Promise<ProjectionUpdates> => {
  const refreshMs = options.refreshMs ?? 1000;
  const updates = new Subject<ProjectionUpdate>();
  const checkpoints = new Map<string, string>();
  const waiters = new Set<() => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const advance = (projection: string, checkpoint: string) => {
    const known = checkpoints.get(projection);
    if (known !== undefined && known >= checkpoint) return false;
    checkpoints.set(projection, checkpoint);
    for (const wake of waiters) wake();
    return true;
  };

  const refresh = async (via: pg.Client | pg.ClientBase) => {
    const { rows } = await via.query<{ name: string; checkpoint: string }>(
      'select name, checkpoint from projection_checkpoints',
    );
    for (const row of rows) advance(row.name, row.checkpoint);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel !== projectionUpdatesChannel || !message.payload) return;
      const parsed: unknown = JSON.parse(message.payload);
      if (!isUpdate(parsed)) return;
      advance(parsed.projection, parsed.checkpoint);
      updates.next(parsed);
    });
    next.on('error', (error) => {
      options.onError?.(error);
      if (client === next) client = undefined;
      next.end().catch(() => undefined);
    });
    await next.connect();
    if (closed) {
      // Closed while this connection was being opened.
      await next.end();
      return;
    }
    await next.query(`listen ${projectionUpdatesChannel}`);
    client = next;
    // Relation missing: no projection has run yet on this database.
    await refresh(next).catch(() => undefined);
  };

  const tick = async () => {
    try {
      if (!client) await connect();
      else await refresh(client);
    } catch (error) {
      options.onError?.(error);
    } finally {
      if (!closed) timer = setTimeout(() => void tick(), refreshMs);
    }
  };

  await connect().catch((error: unknown) => options.onError?.(error));
  timer = setTimeout(() => void tick(), refreshMs);

  const passed = (projections: readonly string[], checkpoint: string) =>
    projections.every((name) => (checkpoints.get(name) ?? '') >= checkpoint);

  return {
    updates,
    checkpointOf: (projection) => checkpoints.get(projection),
    waitFor(projections, checkpoint, timeoutMs) {
      if (passed(projections, checkpoint)) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (result: boolean) => {
          waiters.delete(wake);
          clearTimeout(giveUp);
          resolve(result);
        };
        const wake = () => {
          if (passed(projections, checkpoint)) done(true);
        };
        const giveUp = setTimeout(() => done(false), timeoutMs);
        waiters.add(wake);
      });
    },
    connected: () => client !== undefined,
    async close() {
      closed = true;
      clearTimeout(timer);
      updates.complete();
      for (const wake of waiters) wake();
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
};
