import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { ProjectionUpdates } from '../projections/index.js';
import { fieldIssues } from './field-issues.js';
import { queueTenantsOf, queueWorkers } from './granted-tenants.js';
import type { ReadCaller } from './query-route.js';
import { ReadApiError } from './read-api-error.js';

/** What a live client can follow, and the projections whose batches change it. */
export const liveTopics = {
  dashboard: ['devices', 'tickets', 'processes', 'costs', 'replacement-plan'],
  processes: ['processes'],
  tickets: ['tickets'],
  devices: ['devices'],
  people: ['people'],
  costs: ['costs'],
  audit: ['audit-log'],
  /** The IT team's queue: every tenant the caller works in, not the one the request acts in. */
  queue: ['tickets', 'processes'],
} as const satisfies Record<string, readonly string[]>;

export type LiveTopic = keyof typeof liveTopics;

const topicNames = Object.keys(liveTopics) as LiveTopic[];

const liveQuery = z.strictObject({
  topics: z
    .string()
    .default(topicNames.filter((topic) => topic !== 'queue').join(','))
    .transform((value) => value.split(',').map((topic) => topic.trim()))
    .pipe(z.array(z.enum(topicNames)).min(1)),
  tenant: z.string().optional(),
});

export interface LiveUpdatesDeps {
  callerOf(req: Request): ReadCaller;
  /** The caller of a stream across tenants (topic `queue`), which need not name a tenant. */
  accountCallerOf?(req: Request): ReadCaller;
  projectionUpdates: ProjectionUpdates;
  /** Comment lines that keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
}

/**
 * `GET /live`: Server-Sent Events telling one tenant's client which of its views changed (`event: update`,
 * data `{ topic, checkpoint }`), after the batch that changed them committed. Only the caller's tenant is
 * ever mentioned; the client then re-reads the view with `?after=<checkpoint>`.
 */
export const createLiveUpdates = (deps: LiveUpdatesDeps): { router: Router; closeAll(): void } => {
  const router = Router();
  const open = new Set<Response>();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  /**
   * Which tenants' changes a stream tells of: the tenant the request acts in, or for the queue every tenant
   * the caller works in. The queue cannot share a stream with one tenant's topics.
   */
  const followedTenants = (req: Request, topics: readonly LiveTopic[]): ((tenantId: string) => boolean) => {
    if (!topics.includes('queue')) {
      const { tenantId } = deps.callerOf(req);
      return (tenant) => tenant === tenantId;
    }
    if (topics.length > 1) {
      throw new ReadApiError(400, 'QUERY_INVALID', 'Invalid query', [
        { path: 'query.topics', message: 'queue spans tenants: follow it in a stream of its own' },
      ]);
    }
    const caller = (deps.accountCallerOf ?? deps.callerOf)(req);
    if (!caller.roles.some((role) => (queueWorkers as readonly string[]).includes(role))) {
      throw new ReadApiError(403, 'ROLE_NOT_ALLOWED', `${caller.roles.join(', ')} may not follow the queue`);
    }
    const tenants = queueTenantsOf(caller.grants);
    return (tenant) => tenants === 'all' || tenants.includes(tenant);
  };

  router.get('/live', (req: Request, res: Response) => {
    const parsed = liveQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new ReadApiError(400, 'QUERY_INVALID', 'Invalid query', fieldIssues(parsed.error, 'query'));
    }
    const topics = parsed.data.topics;
    const followed = followedTenants(req, topics);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 2000\n: following ${topics.join(', ')}\n\n`);
    let id = 0;
    const subscription = deps.projectionUpdates.updates.subscribe((update) => {
      if (update.tenants !== null && !update.tenants.some(followed)) return;
      for (const topic of topics) {
        if (!(liveTopics[topic] as readonly string[]).includes(update.projection)) continue;
        id += 1;
        res.write(
          `id: ${id}\nevent: update\ndata: ${JSON.stringify({ topic, projection: update.projection, checkpoint: update.checkpoint })}\n\n`,
        );
      }
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    open.add(res);
    const stop = () => {
      open.delete(res);
      clearInterval(heartbeat);
      subscription.unsubscribe();
    };
    req.on('close', stop);
    res.on('close', stop);
  });
  return {
    router,
    /** Ends every open stream (shutting down); clients reconnect to another instance. */
    closeAll() {
      for (const res of open) res.end();
    },
  };
};
