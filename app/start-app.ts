import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import { type Logger, pino } from 'pino';
import { stateAsOf } from '../audit/point-in-time.js';
import { accountCommandHandlers, allCommands, type ScryptCost } from '../commands/index.js';
import { startProcessManager } from '../commands/process/process-manager.js';
import {
  allProjections,
  createProjectionRunner,
  dropRebuildsErasedSince,
  listenForProjectionUpdates,
  migrateCheckpoints,
  type ProjectionRunner,
} from '../projections/index.js';
import { queryRoutes } from '../read-api/query-routes.js';
import type { AppRole } from './app-roles.js';
import { createAuditorTools } from './auditor-tools.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './database.js';
import type { DemoSeedResult } from './demo/seed-demo.js';
import { migrateHttpTables } from './http/http-tables.js';
import { createMetrics } from './http/metrics.js';
import { projectionLag } from './http/projection-lag.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { startPeriodicSealing } from './periodic-seal.js';
import { createManagerCheckpointSaver, loadManagerCheckpoint } from './process-manager-checkpoint.js';

export { type AppRole, appRoles } from './app-roles.js';

export interface AppOptions {
  config: Config;
  roles: readonly AppRole[];
  logger?: Logger;
  /** scrypt cost for new password hashes (tests pass a cheap one). */
  passwordCost?: ScryptCost;
  /** Seed the demo when the event store is empty (npm start). */
  seedDemo?: boolean;
  loginLimit?: number;
  /** Most events a projection may be behind for /readyz to say ready (default 100). */
  readyLagEvents?: number;
  /** The built panel (default panel/dist, built by `npm run build:panel`). */
  panelDir?: string;
  /** Routers mounted under /api/v1 after authentication (the HTTP benchmark's baseline). */
  extra?: (database: Database) => Router;
  now?: () => Date;
  /** How often the projector seals every tenant's history; overrides `AUDIT_SEAL_INTERVAL_MINUTES` (0: off). */
  sealIntervalMs?: number;
}

export interface RunningApp {
  database: Database;
  url: string | undefined;
  port: number | undefined;
  demo: DemoSeedResult | undefined;
  http: HttpServer | undefined;
  runner(): ProjectionRunner | undefined;
  /** Stops serving, lets requests finish, stops the projector and closes the database. */
  close(): Promise<void>;
}

const version = '0.1.0';
const restartMs = 3000;

/**
 * Starts the roles asked for against one database: the projector (projections and the process manager,
 * each restarted after a failure such as the database going away), and the HTTP APIs.
 */
export const startApp = async (options: AppOptions): Promise<RunningApp> => {
  const { config } = options;
  const roles = new Set(options.roles);
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const database = await openDatabase(config);
  const { pool, db, store } = database;
  await migrateHttpTables(pool);
  // Every role reads the read models (authentication reads the accounts), so their tables must exist.
  await migrateCheckpoints(db);
  for (const projection of allProjections) await projection.migrate(db);

  let demo: DemoSeedResult | undefined;
  if (options.seedDemo) {
    // Loaded only when asked for: the demo's data is no business of the other roles.
    const { isEmpty, seedDemo } = await import('./demo/seed-demo.js');
    if (await isEmpty(store)) {
      demo = await seedDemo(store, {
        now: new Date(),
        ...(options.passwordCost ? { passwordCost: options.passwordCost } : {}),
      });
    }
  }

  let closed = false;
  let runner: ProjectionRunner | undefined;
  let stopManager: (() => Promise<void>) | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const later = (action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) action();
    }, restartMs);
    timers.add(timer);
  };

  const startProjector = () => {
    let failed = false;
    const current = createProjectionRunner({
      db,
      store,
      projections: allProjections,
      onError: (error, projection) => {
        if (failed || closed) return;
        failed = true;
        logger.error({ err: error, projection }, 'projection stopped; restarting the projector shortly');
        current.stop();
        later(startProjector);
      },
    });
    runner = current;
    current.start().catch((error: unknown) => {
      if (failed || closed) return;
      failed = true;
      logger.error({ err: error }, 'projector could not start; retrying shortly');
      current.stop();
      later(startProjector);
    });
  };

  const startManager = async () => {
    try {
      const after = await loadManagerCheckpoint(db);
      const checkpoints = createManagerCheckpointSaver(db);
      const subscription = startProcessManager(
        { store },
        {
          ...(after === undefined ? {} : { after }),
          onHandled: (checkpoint) => checkpoints.handled(checkpoint),
          onError: (error) => {
            if (closed) return;
            logger.error({ err: error }, 'process manager stopped; restarting it shortly');
            subscription.unsubscribe();
            void checkpoints.flush().catch(() => undefined);
            later(() => void startManager());
          },
        },
      );
      stopManager = async () => {
        subscription.unsubscribe();
        await checkpoints.flush();
      };
    } catch (error) {
      logger.error({ err: error }, 'process manager could not start; retrying shortly');
      later(() => void startManager());
    }
  };

  const sealIntervalMs = options.sealIntervalMs ?? config.AUDIT_SEAL_INTERVAL_MINUTES * 60_000;
  let sealing: ReturnType<typeof startPeriodicSealing> | undefined;
  if (roles.has('projector')) {
    startProjector();
    await startManager();
    // A rebuild as of a date made before an erasure holds the erased data in plain text: none outlives a restart,
    // even one read only with SQL (the API and the CLI drop them too before they list or read any).
    await dropRebuildsErasedSince(db).then(
      (dropped) => {
        if (dropped.length > 0)
          logger.info({ dropped }, 'dropped rebuilds as of a date made before an erasure');
      },
      (error: unknown) =>
        logger.warn({ err: error }, 'could not check the rebuilds as of a date for erasures'),
    );
    if (sealIntervalMs > 0) {
      sealing = startPeriodicSealing({
        store,
        intervalMs: sealIntervalMs,
        logger,
        ...(options.now ? { now: options.now } : {}),
      });
    }
  }

  const projectionNames = allProjections.map((p) => p.name);
  const readyLag = options.readyLagEvents ?? 100;
  const metrics = createMetrics({ projectionLag: () => projectionLag(pool, projectionNames) });
  const projectionUpdates =
    roles.has('read-api') || roles.has('write-api')
      ? await listenForProjectionUpdates({
          connectionString: database.connectionString,
          onError: (error) =>
            logger.warn({ err: error }, 'projection updates: connection lost, reconnecting'),
        })
      : undefined;

  const auditor = createAuditorTools({
    pool,
    db,
    store,
    logger,
    rebuildsAtOnce: config.AUDIT_REBUILDS_AT_ONCE,
    ...(options.now ? { now: options.now } : {}),
  });
  let http: HttpServer | undefined;
  let address: { port: number; url: string } | undefined;
  if (projectionUpdates) {
    const accountCommands = options.passwordCost
      ? Object.values(accountCommandHandlers({ passwordCost: options.passwordCost }))
      : undefined;
    const commands = accountCommands
      ? [...allCommands.filter((c) => !accountCommands.some((a) => a.type === c.type)), ...accountCommands]
      : allCommands;
    http = createHttpServer({
      logger,
      metrics,
      pool,
      db,
      projectionUpdates,
      ...(roles.has('write-api') ? { write: { commandDeps: { store }, commands } } : {}),
      ...(roles.has('read-api')
        ? {
            read: {
              routes: queryRoutes,
              pointInTime: (query) => stateAsOf(store, query),
              recordAccess: auditor.recordAccess,
              auditor: auditor.tools,
            },
          }
        : {}),
      ...(options.passwordCost ? { passwordCost: options.passwordCost } : {}),
      ...(options.loginLimit ? { loginLimit: options.loginLimit } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.extra ? { extra: options.extra(database) } : {}),
      version,
      panelDir: options.panelDir ?? fileURLToPath(new URL('../panel/dist', import.meta.url)),
      async ready() {
        await pool.query('select 1');
        const lag = await projectionLag(pool, projectionNames);
        const behind = Object.entries(lag).filter(([, events]) => events > readyLag);
        return {
          ready: behind.length === 0,
          checks: {
            database: 'up',
            projectionLag: lag,
            ...(behind.length ? { behind: behind.map(([n]) => n) } : {}),
          },
        };
      },
    });
    address = await http.listen(config.PORT);
  }

  return {
    database,
    url: address?.url,
    port: address?.port,
    demo,
    http,
    runner: () => runner,
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      await sealing?.stop();
      await http?.close();
      await auditor.close();
      await projectionUpdates?.close();
      runner?.stop();
      await stopManager?.().catch(() => undefined);
      await database.close();
    },
  };
};
