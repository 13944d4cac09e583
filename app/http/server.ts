import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { CommandDefinition, CommandDeps, ScryptCost } from '../../commands/index.js';
import type { ProjectionUpdates } from '../../projections/index.js';
import { type AuditorTools, createAuditRoutes } from '../../read-api/audit-routes.js';
import { createLiveUpdates } from '../../read-api/live-updates.js';
import { createPanelFiles } from '../../read-api/panel-files.js';
import type { AccessRecorder, PointInTimeReader, QueryRoute } from '../../read-api/query-route.js';
import { createReadApi } from '../../read-api/read-api.js';
import { type CommandRoute, commandRoutes as defaultCommandRoutes } from '../../write-api/command-route.js';
import { createWriteApi } from '../../write-api/write-api.js';
import { createAuth } from './auth.js';
import { HttpError } from './http-error.js';
import { idempotency } from './idempotency.js';
import type { Metrics } from './metrics.js';
import { buildOpenApi, renderDocs } from './openapi.js';
import { notFoundHandler, problemHandler } from './problem.js';

export interface HttpServerOptions {
  logger: Logger;
  metrics: Metrics;
  pool: pg.Pool;
  // biome-ignore lint/suspicious/noExplicitAny: one handle serves every read model's tables
  db: Kysely<any>;
  /** Serve the write API (POST commands). */
  write?: {
    commandDeps: CommandDeps;
    commands: readonly CommandDefinition<unknown>[];
    routes?: readonly CommandRoute[];
  };
  /**
   * Serve the read API (GET queries, live updates); `pointInTime` answers `?asOf=` from the events,
   * `recordAccess` records such reads, `auditor` serves verification and export (/audit/verify, /audit/export).
   */
  read?: {
    routes: readonly QueryRoute<never, never, never>[];
    pointInTime: PointInTimeReader;
    recordAccess: AccessRecorder;
    auditor?: AuditorTools;
  };
  projectionUpdates: ProjectionUpdates;
  /** Whether the process is ready to serve (database reachable, projections caught up). */
  ready(): Promise<{ ready: boolean; checks: Record<string, unknown> }>;
  /** The built panel to serve beside the read API (panel/dist); without it `/` leads to the API docs. */
  panelDir?: string;
  /** Largest JSON body accepted (default 100 kB); larger answer 413. */
  bodyLimit?: string;
  passwordCost?: ScryptCost;
  loginLimit?: number;
  /** Set when a proxy terminates TLS in front of the app, so cookies get `Secure` (express's trust proxy). */
  trustProxy?: boolean | string;
  version: string;
  /** Extra routers (the benchmark's baseline endpoint), mounted under /api/v1 after authentication. */
  extra?: express.Router;
  now?: () => Date;
}

/** The HTTP server as a factory: start it on any port (0 in tests) and stop it cleanly. */
export const createHttpServer = (options: HttpServerOptions) => {
  const { logger, metrics, pool, db } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { id: unknown; method: unknown; url: unknown }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: unknown }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    // The reason goes to the log, not to an unauthenticated caller (it may name hosts).
    const readiness = await options.ready().catch((error: unknown) => {
      logger.warn({ err: error }, 'not ready');
      return { ready: false, checks: { database: 'unreachable' } };
    });
    res
      .status(readiness.ready ? 200 : 503)
      .json({ status: readiness.ready ? 'ready' : 'not ready', ...readiness.checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const write = options.write;
  const openApi = buildOpenApi({
    commandRoutes: write ? (write.routes ?? defaultCommandRoutes) : [],
    commands: write?.commands ?? [],
    queryRoutes: options.read?.routes ?? [],
    auditRoutes: options.read?.auditor !== undefined,
    version: options.version,
  });
  const docs = renderDocs(openApi);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docs);
  });

  const auth = createAuth({
    db,
    pool,
    ...(options.passwordCost ? { passwordCost: options.passwordCost } : {}),
    ...(options.loginLimit ? { loginLimit: options.loginLimit } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const api = express.Router();
  api.use(auth.router);
  // Bodies are JSON objects only; anything else with a body is refused before it is read.
  const jsonOnly: RequestHandler = (req, _res, next) => {
    const hasBody = Number(req.get('Content-Length') ?? 0) > 0 || req.get('Transfer-Encoding') !== undefined;
    if (req.method === 'POST' && hasBody && !req.is('application/json')) {
      throw new HttpError(415, 'CONTENT_TYPE_UNSUPPORTED', 'Send the body as application/json');
    }
    next();
  };
  api.use(jsonOnly, express.json({ limit: options.bodyLimit ?? '100kb', strict: true }));
  api.use(auth.authenticate);
  api.get('/me', auth.me);
  api.use(idempotency({ pool, callerOf: auth.callerOf }));
  if (write) {
    api.use(
      createWriteApi({
        commandDeps: write.commandDeps,
        commands: write.commands,
        ...(write.routes ? { routes: write.routes } : {}),
        callerOf: auth.callerOf,
        ...(options.now ? { now: options.now } : {}),
      }),
    );
  }
  const live = createLiveUpdates({
    callerOf: auth.callerOf,
    accountCallerOf: auth.accountCallerOf,
    projectionUpdates: options.projectionUpdates,
  });
  if (options.read) {
    api.use(
      createReadApi({
        db,
        routes: options.read.routes,
        callerOf: auth.callerOf,
        accountCallerOf: auth.accountCallerOf,
        projectionUpdates: options.projectionUpdates,
        pointInTime: options.read.pointInTime,
        recordAccess: options.read.recordAccess,
        ...(options.now ? { now: options.now } : {}),
      }),
    );
    if (options.read.auditor) {
      api.use(
        createAuditRoutes({
          callerOf: auth.callerOf,
          tools: options.read.auditor,
          recordAccess: options.read.recordAccess,
          ...(options.now ? { now: options.now } : {}),
        }),
      );
    }
    api.use(live.router);
  }
  if (options.extra) api.use(options.extra);
  app.use('/api/v1', api);
  // The panel's pages after the API, so an unknown /api path stays a problem+json 404.
  const panel = options.read && options.panelDir ? createPanelFiles(options.panelDir) : undefined;
  if (panel) app.use(panel);
  else {
    app.get('/', (_req, res) => {
      res.redirect(302, '/api/docs');
    });
  }
  app.use(notFoundHandler);
  app.use(problemHandler(logger));

  let server: Server | undefined;
  return {
    app,
    auth,
    callerOf: (req: Request) => auth.callerOf(req),
    /** Listens on `port` (0: any free port) and resolves with the address. */
    listen(port: number, host = '0.0.0.0') {
      return new Promise<{ port: number; url: string }>((resolve, reject) => {
        const started = app.listen(port, host, (error?: Error) => {
          if (error) {
            reject(error);
            return;
          }
          const address = started.address() as AddressInfo;
          resolve({
            port: address.port,
            url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`,
          });
        });
        server = started;
      });
    },
    /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), then closes the rest. */
    async close(graceMs = 5000) {
      if (!server) return;
      const closing = server;
      server = undefined;
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      closing.closeIdleConnections();
      const timer = setTimeout(() => closing.closeAllConnections(), graceMs);
      // Live streams never end by themselves.
      live.closeAll();
      await closed;
      clearTimeout(timer);
    },
  };
};

export type HttpServer = ReturnType<typeof createHttpServer>;
