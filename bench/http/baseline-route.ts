import { type Request, type Response, Router } from 'express';
import type { Database } from '../../app/database.js';
import type { Caller } from '../../app/http/auth.js';

/** The path of the baseline endpoint under /api/v1. */
export const baselinePath = '/bench/baseline';

/**
 * The HTTP benchmark's baseline, mounted only by the benchmark's server: `GET /api/v1/bench/baseline`. It sits
 * behind the same authentication and tenant choice as every route (the server mounts it after them) and then
 * does one raw SQL round trip comparable to a list query, the first page of the caller's devices, and
 * answers the rows as JSON: no zod, no kysely, no paging cursor, no role check.
 */
export const baselineRouter = (database: Database): Router => {
  const router = Router();
  router.get(baselinePath, async (_req: Request, res: Response) => {
    const caller = res.locals.caller as Caller;
    const { rows } = await database.pool.query({
      name: 'bench_baseline',
      text: 'select * from device_list where tenant_id = $1 order by asset_tag, device_id limit 50',
      values: [caller.tenantId],
    });
    res.json({ items: rows });
  });
  return router;
};
