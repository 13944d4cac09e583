import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ProjectionUpdates } from '../projections/index.js';
import { toCsv } from './csv.js';
import { fieldIssues } from './field-issues.js';
import type { AccessRecorder, PointInTimeReader, QueryRoute, ReadCaller } from './query-route.js';
import { ReadApiError } from './read-api-error.js';

export interface ReadApiDeps {
  // biome-ignore lint/suspicious/noExplicitAny: one handle serves every read model's tables
  db: Kysely<any>;
  routes: readonly QueryRoute<never, never, never>[];
  /** The authenticated caller of a request (authentication runs before the router). */
  callerOf(req: Request): ReadCaller;
  /**
   * The caller of a route that spans tenants (`acrossTenants`): as `callerOf` when the request acts in a
   * tenant, else the account with every role it holds and `tenantId` empty. Without it such routes need a tenant.
   */
  accountCallerOf?(req: Request): ReadCaller;
  /** Committed projection batches, for read-your-writes waits. */
  projectionUpdates: ProjectionUpdates;
  /** Point-in-time state from the events, for `?asOf=` on the single-item routes. */
  pointInTime: PointInTimeReader;
  /** Records a reader's access to the full history (`?asOf=`) as an event. */
  recordAccess: AccessRecorder;
  now?: () => Date;
  /** Longest a read waits for `?after=` (default 5 s). */
  maxWaitMs?: number;
}

export const expressPath = (path: string) => path.replaceAll(/\{(\w+)\}/g, ':$1');

const checkpointPattern = /^\d{20}:\d{20}$/;

/** Parameters every GET takes besides its own. */
const commonQuery = z.object({
  after: z
    .string()
    .regex(checkpointPattern, 'not a checkpoint as a write answered it (X-Checkpoint)')
    .optional(),
  format: z.enum(['json', 'csv']).optional(),
  /** The tenant to act in (authentication reads it; also accepted as the X-Tenant-Id header). */
  tenant: z.string().optional(),
});

const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T => {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ReadApiError(400, 'QUERY_INVALID', `Invalid ${where}`, fieldIssues(parsed.error, where));
};

const wantsCsv = (req: Request, format: string | undefined) =>
  format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');

/**
 * One GET endpoint per query route. Before answering, `?after=<checkpoint>` waits (bounded) until the
 * route's projections have passed the checkpoint a write answered, so the caller sees what it just did;
 * when the wait runs out the answer says so in `X-Consistency: stale`.
 */
export const createReadApi = (deps: ReadApiDeps): Router => {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const maxWaitMs = deps.maxWaitMs ?? 5000;
  for (const route of deps.routes as readonly QueryRoute<unknown, unknown, unknown>[]) {
    router.get(expressPath(route.path), async (req: Request, res: Response) => {
      const caller =
        route.acrossTenants && deps.accountCallerOf ? deps.accountCallerOf(req) : deps.callerOf(req);
      if (!caller.roles.some((role) => route.roles.includes(role))) {
        throw new ReadApiError(
          403,
          'ROLE_NOT_ALLOWED',
          `${caller.roles.join(', ')} may not ${route.summary.toLowerCase()}`,
        );
      }
      const { after, format, tenant, ...own } = req.query as Record<string, unknown>;
      const common = parse(commonQuery, { after, format, tenant }, 'query');
      if (common.format === 'csv' && !route.csv) {
        throw new ReadApiError(406, 'CSV_NOT_OFFERED', 'This answer has no CSV form');
      }
      const params = parse(route.params, { ...req.params }, 'path');
      const query = parse(route.query, own, 'query');
      if (common.after) {
        const reached = await deps.projectionUpdates.waitFor(route.projections, common.after, maxWaitMs);
        res.set('X-Consistency', reached ? 'caught-up' : 'stale');
      }
      const result = await route
        .run({
          db: deps.db,
          caller,
          params,
          query,
          now: now(),
          pointInTime: deps.pointInTime,
          recordAccess: deps.recordAccess,
        })
        .catch((error: unknown) => {
          if (error instanceof TypeError && error.message === 'Not a cursor') {
            throw new ReadApiError(400, 'QUERY_INVALID', 'Invalid query', [
              { path: 'query.cursor', message: 'not a cursor this API made (use nextCursor as given)' },
            ]);
          }
          throw error;
        });
      if (result === undefined) throw new ReadApiError(404, 'NOT_FOUND', `${req.path} does not exist`);
      if (route.csv && wantsCsv(req, common.format)) {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`${route.csv.filename}.csv`)
          .send(toCsv(route.csv.columns, route.csv.rows(result)));
        return;
      }
      res.json(result);
    });
  }
  return router;
};
