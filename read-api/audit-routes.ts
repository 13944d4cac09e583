import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { fieldIssues } from './field-issues.js';
import type { AccessRecorder, ReadCaller } from './query-route.js';
import { asOfInstant } from './query-routes.js';
import { ReadApiError } from './read-api-error.js';

/** The readers of the full history: the audit log's roles, and the `?asOf=` option's. */
const historyReaders = ['client_manager', 'msp_admin', 'auditor'] as const;

const checkpoint = z.string().regex(/^\d{20}:\d{20}$/, 'not a checkpoint (<20 digits>:<20 digits>)');

/**
 * A seal's export form (audit/seal.ts, `it-ops-panel/seal@1`), as `POST /audit/verify` takes it. Only its shape
 * is checked here: a seal whose hashes were changed is a finding of the verification (`seal_tampered`), not a
 * bad request.
 */
export const sealBody = z.strictObject({
  format: z.literal('it-ops-panel/seal@1'),
  tenantId: z.string().min(1).max(100),
  checkpoint,
  heads: z
    .array(
      z.strictObject({
        stream: z.string().min(1).max(300),
        revision: z.number().int().min(0),
        hash: z.string().max(200),
      }),
    )
    .max(10_000_000),
  hash: z.string().max(200),
});
export type SealBody = z.infer<typeof sealBody>;

/** `POST /audit/verify`'s body: the seal kept outside the system, when there is one. */
export const verifyBody = z.strictObject({
  seal: sealBody.optional().describe('A seal file as `npm run audit -- seal` or a periodic seal wrote it'),
});

/** One problem a verification named, as JSON. */
export interface VerifyProblem {
  kind: string;
  stream: string;
  revision: number;
  eventId?: string;
  checkpoint?: string;
  detail: string;
}

/** What a verification of the tenant's history found; `ok` when nothing is wrong. */
export interface VerifyAnswer {
  tenantId: string;
  events: number;
  streams: number;
  problems: VerifyProblem[];
  sealedHeads: number;
  /** Seals recorded in the history, checked against the heads at their checkpoints. */
  recordedSeals: number;
  ok: boolean;
}

/** A tenant's history written out as NDJSON, in a temporary file. */
export interface HistoryExport {
  file: string;
  events: number;
  /** The hash of the seal the export ends with. */
  sealHash: string;
  /** Removes the file. */
  discard(): Promise<void>;
}

/**
 * A rebuild of the tenant's read models as of a date, in a database schema of its own (its id).
 * - `building`: running; `progress` says how far through the log (every tenant's events are read, the tenant's
 *   events recorded by `asOf` applied).
 * - `ready`: built; `rows` counts each table's rows, which `GET …/tables/{table}` pages through.
 * - `failed`: stopped with `error`; `interrupted`: the server stopped while it was building. Both can be
 *   deleted or started again.
 */
export interface AsOfRebuildAnswer {
  rebuildId: string;
  asOf: string;
  status: 'building' | 'ready' | 'failed' | 'interrupted';
  startedAt: string;
  builtAt: string | null;
  /** The tenant's events applied (so far, while building). */
  events: number;
  lastCheckpoint: string | null;
  progress?: { read: number; total: number };
  error?: string;
  rows?: Record<string, number>;
}

/** Rebuilds as of a date, for one tenant each (projections/rebuild-as-of.ts run by app/). */
export interface AsOfRebuilds {
  /**
   * Starts a rebuild and answers at once; refused while one of the tenant's rebuilds is still building, or while
   * as many as the server runs at once are (each replays the whole log).
   */
  start(caller: ReadCaller, asOf: Date): Promise<AsOfRebuildAnswer | 'tenant_running' | 'too_many_running'>;
  /** The tenant's rebuilds, latest as-of date first. */
  list(tenantId: string): Promise<AsOfRebuildAnswer[]>;
  get(tenantId: string, rebuildId: string): Promise<AsOfRebuildAnswer | undefined>;
  /** The read-model tables a ready rebuild holds. */
  tables: readonly string[];
  /** One page of a table of a ready rebuild, in its primary key's order; undefined when there is no such rebuild or table. */
  rows(
    tenantId: string,
    rebuildId: string,
    table: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: Record<string, unknown>[]; total: number } | undefined>;
  /** Drops a rebuild that is not building: false when the tenant has none of that id. */
  drop(tenantId: string, rebuildId: string): Promise<boolean>;
}

/** A seal recorded in the tenant's history (HistorySealed), by hand or periodically. */
export interface RecordedSeal {
  checkpoint: string;
  headsHash: string;
  streams: number;
  sealedAt: string;
  sealedBy: { id: string; role: string };
}

/** The auditor's tools over the event store (audit/, which read-api/ may not import: app/ passes them in). */
export interface AuditorTools {
  /** The tenant's recorded seals, newest first. */
  seals(tenantId: string): Promise<RecordedSeal[]>;
  /**
   * The export form of the tenant's seal recorded at `checkpoint`, its heads taken again from the stored events;
   * undefined when no seal was recorded there. `matches` is false when the heads no longer give the recorded hash.
   */
  sealFile(tenantId: string, checkpoint: string): Promise<{ seal: SealBody; matches: boolean } | undefined>;
  /** Recomputes every chain of the tenant's streams from the stored events, and checks `seal` when given. */
  verify(tenantId: string, seal: SealBody | undefined): Promise<VerifyAnswer>;
  /** The tenant's full history as NDJSON: header, one line per stored event, the seal of its end. */
  exportHistory(tenantId: string): Promise<HistoryExport>;
  rebuilds: AsOfRebuilds;
}

export interface AuditRoutesDeps {
  callerOf(req: Request): ReadCaller;
  tools: AuditorTools;
  recordAccess: AccessRecorder;
  now?: () => Date;
}

/** `POST /audit/rebuilds`'s body. */
export const rebuildBody = z.strictObject({
  asOf: asOfInstant.describe(
    'The instant to rebuild the read models as of: an ISO date (00:00 UTC) or a date-time with offset',
  ),
});

const verifyAnswerText =
  'Answers `{ tenantId, events, streams, problems: [{ kind, stream, revision, eventId?, checkpoint?, detail }], ' +
  'sealedHeads, recordedSeals, ok }`; problems found are a 200 with `ok: false`. The seals recorded in the ' +
  'history are checked too (`seal_broken`). GET checks the chains; POST with `{ seal }` also ' +
  'checks a seal kept outside (a seal is too long for a query string).';
const rebuildText =
  'A rebuild answers `{ rebuildId, asOf, status: building|ready|failed|interrupted, startedAt, builtAt, events, ' +
  'lastCheckpoint, progress?: { read, total }, error?, rows?: { <table>: count } }`. ' +
  "A rebuild started before one of the tenant's people was erased is dropped, since it held their data.";

/** The routes below, for the API documentation (app/http/openapi.ts). */
export const auditOperations = [
  {
    method: 'get',
    path: '/audit/verify',
    operationId: 'verifyHistory',
    summary: "Verify the tenant's hash chains (no seal: send one with POST)",
    description: verifyAnswerText,
    answers: 'application/json',
    status: 200,
    errors: [400, 401, 403, 503],
    recorded: true,
  },
  {
    method: 'post',
    path: '/audit/verify',
    operationId: 'verifyHistoryWithSeal',
    summary: "Verify the tenant's hash chains and a seal kept outside (JSON body { seal? })",
    description: verifyAnswerText,
    answers: 'application/json',
    status: 200,
    body: verifyBody,
    errors: [400, 401, 403, 503],
    recorded: true,
  },
  {
    method: 'get',
    path: '/audit/export',
    operationId: 'exportHistory',
    summary: "Export the tenant's full history as NDJSON, verifiable offline",
    description:
      'An attachment: a header line, one line per stored event (as the hash chain covers it), and the seal of ' +
      'its end; `npm run audit -- import-verify FILE` checks it offline.',
    answers: 'application/x-ndjson',
    status: 200,
    errors: [400, 401, 403, 503],
    recorded: true,
  },
  {
    method: 'get',
    path: '/audit/seals',
    operationId: 'listSeals',
    summary: "The seals recorded in the tenant's history, newest first",
    description:
      'Answers `{ items: [{ checkpoint, headsHash, streams, sealedAt, sealedBy: { id, role } }] }`: seals made ' +
      'with POST /audit/seals and the periodic ones.',
    answers: 'application/json',
    status: 200,
    errors: [400, 401, 403, 503],
    recorded: false,
  },
  {
    method: 'get',
    path: '/audit/seals/{checkpoint}/file',
    operationId: 'getSealFile',
    summary: 'The file of a recorded seal, to keep outside the system',
    description:
      "A JSON attachment (`it-ops-panel/seal@1`): the heads of all the tenant's streams at the checkpoint, " +
      'taken again from the stored events, whose hash is the recorded one. POST /audit/verify or ' +
      '`npm run audit -- verify --seal FILE` checks the history against it later. 404 when no seal was recorded ' +
      'at the checkpoint; 409 when the stored events no longer give the recorded hash (verify the history).',
    answers: 'application/json',
    status: 200,
    errors: [400, 401, 403, 404, 409, 503],
    recorded: true,
  },
  {
    method: 'post',
    path: '/audit/rebuilds',
    operationId: 'startAsOfRebuild',
    summary: "Rebuild the tenant's read models as of a date, in the background (JSON body { asOf })",
    description:
      `202 with the rebuild and its Location; follow it with GET until it is ready. ${rebuildText} ` +
      '409 while another rebuild of the tenant is building; 503 REBUILDS_BUSY, with Retry-After, while as many ' +
      'as the server runs at once (AUDIT_REBUILDS_AT_ONCE, two by default) are building for other tenants. The finished rebuild is recorded.',
    answers: 'application/json',
    status: 202,
    body: rebuildBody,
    errors: [400, 401, 403, 409, 503],
    recorded: true,
  },
  {
    method: 'get',
    path: '/audit/rebuilds',
    operationId: 'listAsOfRebuilds',
    summary: "The tenant's rebuilds as of a date, latest date first",
    description: `Answers \`{ items: [rebuild] }\`. ${rebuildText}`,
    answers: 'application/json',
    status: 200,
    errors: [400, 401, 403, 503],
    recorded: false,
  },
  {
    method: 'get',
    path: '/audit/rebuilds/{rebuildId}',
    operationId: 'getAsOfRebuild',
    summary: 'One rebuild as of a date: its progress, or its tables and row counts',
    description: `${rebuildText} A ready rebuild also lists its \`tables\`.`,
    answers: 'application/json',
    status: 200,
    errors: [400, 401, 403, 404, 503],
    recorded: false,
  },
  {
    method: 'get',
    path: '/audit/rebuilds/{rebuildId}/tables/{table}',
    operationId: 'readAsOfRebuildTable',
    summary:
      'A page of one read-model table of a ready rebuild, in primary-key order (?limit=1..500&offset=)',
    description:
      'Answers `{ rebuildId, asOf, table, items, total, limit, offset }`; the rows are as the read model held ' +
      'them at asOf. 409 while the rebuild is not ready; 404 for a table that is not a read model. Recorded.',
    answers: 'application/json',
    status: 200,
    errors: [400, 401, 403, 404, 409, 503],
    recorded: true,
  },
  {
    method: 'delete',
    path: '/audit/rebuilds/{rebuildId}',
    operationId: 'deleteAsOfRebuild',
    summary: 'Delete a rebuild as of a date (not while it is building)',
    description: '204 once its schema is dropped; 409 while it is building.',
    answers: 'none',
    status: 204,
    errors: [400, 401, 403, 404, 409, 503],
    recorded: false,
  },
] as const;

export const auditRouteRoles = historyReaders;

/** Query strings these routes accept: only the tenant to act in (read by authentication). */
const noQuery = z.strictObject({ tenant: z.string().optional() });

const sealPath = z.strictObject({ checkpoint });

/** A rebuild's id: the name of the schema it is built in. */
const rebuildPath = z.strictObject({
  rebuildId: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'not a rebuild id'),
});
const tablePath = rebuildPath.extend({
  table: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'not a table name'),
});
const tableQuery = noQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(100_000_000).optional(),
});

const parsed = <T>(
  schema: z.ZodType<T>,
  value: unknown,
  where: 'path' | 'body',
  code: string,
  title: string,
) => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ReadApiError(400, code, title, fieldIssues(result.error, where));
  return result.data;
};

/**
 * The auditor's verification and export over HTTP, for the caller's tenant. A verification takes an outside
 * seal only as a POST body: a seal lists every stream head, too long for a query string, so GET verifies the
 * chains alone. Every call is recorded as an `AuditorAccessRecorded` event before the answer leaves.
 */
export const createAuditRoutes = (deps: AuditRoutesDeps): Router => {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  const historyReader = (req: Request, what: string, querySchema: z.ZodType = noQuery) => {
    const caller = deps.callerOf(req);
    if (!caller.roles.some((role) => (historyReaders as readonly string[]).includes(role))) {
      throw new ReadApiError(
        403,
        'ROLE_NOT_ALLOWED',
        `${caller.roles.join(', ')} may not ${what} (the full history is for ${historyReaders.join(', ')})`,
      );
    }
    const query = querySchema.safeParse(req.query);
    if (!query.success) {
      const issues = fieldIssues(query.error, 'query').map((issue) =>
        issue.path === 'query.seal'
          ? { ...issue, message: 'send the seal as the JSON body of POST /api/v1/audit/verify' }
          : issue,
      );
      throw new ReadApiError(400, 'QUERY_INVALID', 'Invalid query', issues);
    }
    return { ...caller, query: query.data };
  };

  const verify = async (caller: ReadCaller, seal: SealBody | undefined, res: Response) => {
    if (seal && seal.tenantId !== caller.tenantId) {
      throw new ReadApiError(
        400,
        'SEAL_OF_OTHER_TENANT',
        'The seal is not of the tenant this request acts in',
        [{ path: 'body.seal.tenantId', message: 'not the tenant this request acts in' }],
      );
    }
    const report = await deps.tools.verify(caller.tenantId, seal);
    await deps.recordAccess(caller, {
      action: 'verified',
      target: 'history',
      result: report.ok ? 'ok' : 'problems_found',
      events: report.events,
      ...(report.problems.length > 0 ? { problems: report.problems.length } : {}),
      ...(seal ? { detail: `seal ${seal.hash} (${report.sealedHeads} heads)` } : {}),
    });
    res.json(report);
  };

  router.get('/audit/verify', async (req, res) => {
    await verify(historyReader(req, 'verify the history'), undefined, res);
  });

  router.post('/audit/verify', async (req, res) => {
    const caller = historyReader(req, 'verify the history');
    const body = verifyBody.safeParse(req.body ?? {});
    if (!body.success) {
      throw new ReadApiError(400, 'BODY_INVALID', 'Invalid body', fieldIssues(body.error, 'body'));
    }
    await verify(caller, body.data.seal, res);
  });

  router.get('/audit/export', async (req, res) => {
    const caller = historyReader(req, 'export the history');
    const exported = await deps.tools.exportHistory(caller.tenantId);
    try {
      await deps.recordAccess(caller, {
        action: 'exported',
        target: 'history',
        result: 'ok',
        events: exported.events,
        detail: `seal ${exported.sealHash}`,
      });
      const day = now().toISOString().slice(0, 10);
      res.attachment(`history-${caller.tenantId}-${day}.ndjson`);
      res.type('application/x-ndjson; charset=utf-8');
      await pipeline(createReadStream(exported.file), res);
    } finally {
      await exported.discard();
    }
  });

  router.get('/audit/seals', async (req, res) => {
    const caller = historyReader(req, 'see the seals');
    res.json({ items: await deps.tools.seals(caller.tenantId) });
  });

  router.get('/audit/seals/:checkpoint/file', async (req, res) => {
    const caller = historyReader(req, 'take a seal file');
    const { checkpoint: at } = parsed(sealPath, req.params, 'path', 'PATH_INVALID', 'Invalid path');
    const found = await deps.tools.sealFile(caller.tenantId, at);
    if (!found) throw new ReadApiError(404, 'SEAL_NOT_FOUND', `No seal of this tenant at checkpoint ${at}`);
    if (!found.matches) {
      // A file that does not match the recorded hash is useless outside, and means the history changed.
      throw new ReadApiError(
        409,
        'SEAL_NO_LONGER_MATCHES',
        `The stored events no longer give the hash recorded at ${at}: verify the history (GET /api/v1/audit/verify)`,
      );
    }
    await deps.recordAccess(caller, {
      action: 'exported',
      target: `seal ${at}`,
      result: 'ok',
      detail: `seal ${found.seal.hash} (${found.seal.heads.length} streams)`,
    });
    res.attachment(`seal-${caller.tenantId}-${at.replace(':', '-')}.json`);
    res.type('application/json; charset=utf-8');
    res.send(`${JSON.stringify(found.seal, null, 2)}\n`);
  });

  const rebuildNotFound = (rebuildId: string) =>
    new ReadApiError(404, 'REBUILD_NOT_FOUND', `No rebuild ${rebuildId} of this tenant's read models`);

  router.post('/audit/rebuilds', async (req, res) => {
    const caller = historyReader(req, 'rebuild the read models as of a date');
    const { asOf } = parsed(rebuildBody, req.body ?? {}, 'body', 'BODY_INVALID', 'Invalid body');
    if (asOf.getTime() > now().getTime()) {
      throw new ReadApiError(400, 'BODY_INVALID', 'Invalid body', [
        { path: 'body.asOf', message: 'in the future: the history ends now' },
      ]);
    }
    const started = await deps.tools.rebuilds.start(caller, asOf);
    if (started === 'tenant_running') {
      throw new ReadApiError(
        409,
        'REBUILD_RUNNING',
        "A rebuild of this tenant's read models is still building: wait for it to end (GET /api/v1/audit/rebuilds)",
      );
    }
    if (started === 'too_many_running') {
      throw new ReadApiError(
        503,
        'REBUILDS_BUSY',
        'As many rebuilds as this server runs at once are building for other tenants: try again shortly',
        undefined,
        { 'Retry-After': '30' },
      );
    }
    res.status(202).location(`/api/v1/audit/rebuilds/${started.rebuildId}`).json(started);
  });

  router.get('/audit/rebuilds', async (req, res) => {
    const caller = historyReader(req, 'see the rebuilds as of a date');
    res.json({ items: await deps.tools.rebuilds.list(caller.tenantId) });
  });

  router.get('/audit/rebuilds/:rebuildId', async (req, res) => {
    const caller = historyReader(req, 'see the rebuilds as of a date');
    const { rebuildId } = parsed(rebuildPath, req.params, 'path', 'PATH_INVALID', 'Invalid path');
    const found = await deps.tools.rebuilds.get(caller.tenantId, rebuildId);
    if (!found) throw rebuildNotFound(rebuildId);
    res.json({ ...found, tables: found.status === 'ready' ? deps.tools.rebuilds.tables : [] });
  });

  router.get('/audit/rebuilds/:rebuildId/tables/:table', async (req, res) => {
    const caller = historyReader(req, 'read a rebuild as of a date', tableQuery);
    const { rebuildId, table } = parsed(tablePath, req.params, 'path', 'PATH_INVALID', 'Invalid path');
    const { limit = 100, offset = 0 } = caller.query as z.infer<typeof tableQuery>;
    const found = await deps.tools.rebuilds.get(caller.tenantId, rebuildId);
    if (!found) throw rebuildNotFound(rebuildId);
    if (found.status !== 'ready') {
      throw new ReadApiError(409, 'REBUILD_NOT_READY', `Rebuild ${rebuildId} is ${found.status}, not ready`);
    }
    if (!deps.tools.rebuilds.tables.includes(table)) {
      throw new ReadApiError(
        404,
        'TABLE_NOT_FOUND',
        `No read-model table ${table}; there are ${deps.tools.rebuilds.tables.join(', ')}`,
      );
    }
    const page = await deps.tools.rebuilds.rows(caller.tenantId, rebuildId, table, { limit, offset });
    if (!page) throw rebuildNotFound(rebuildId);
    await deps.recordAccess(caller, {
      action: 'viewed_state',
      target: `rebuild ${rebuildId}, table ${table}`,
      asOf: new Date(found.asOf),
      result: 'ok',
      events: found.events,
    });
    res.json({ rebuildId, asOf: found.asOf, table, ...page, limit, offset });
  });

  router.delete('/audit/rebuilds/:rebuildId', async (req, res) => {
    const caller = historyReader(req, 'delete a rebuild as of a date');
    const { rebuildId } = parsed(rebuildPath, req.params, 'path', 'PATH_INVALID', 'Invalid path');
    const found = await deps.tools.rebuilds.get(caller.tenantId, rebuildId);
    if (!found) throw rebuildNotFound(rebuildId);
    if (found.status === 'building') {
      throw new ReadApiError(409, 'REBUILD_RUNNING', `Rebuild ${rebuildId} is still building`);
    }
    if (!(await deps.tools.rebuilds.drop(caller.tenantId, rebuildId))) throw rebuildNotFound(rebuildId);
    res.status(204).end();
  });

  return router;
};
