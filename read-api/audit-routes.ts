import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { fieldIssues } from './field-issues.js';
import type { AccessRecorder, ReadCaller } from './query-route.js';
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

/** The auditor's tools over the event store (audit/, which read-api/ may not import: app/ passes them in). */
export interface AuditorTools {
  /** Recomputes every chain of the tenant's streams from the stored events, and checks `seal` when given. */
  verify(tenantId: string, seal: SealBody | undefined): Promise<VerifyAnswer>;
  /** The tenant's full history as NDJSON: header, one line per stored event, the seal of its end. */
  exportHistory(tenantId: string): Promise<HistoryExport>;
}

export interface AuditRoutesDeps {
  callerOf(req: Request): ReadCaller;
  tools: AuditorTools;
  recordAccess: AccessRecorder;
  now?: () => Date;
}

/** The routes below, for the API documentation (app/http/openapi.ts). */
export const auditOperations = [
  {
    method: 'get',
    path: '/audit/verify',
    operationId: 'verifyHistory',
    summary: "Verify the tenant's hash chains (no seal: send one with POST)",
    answers: 'application/json',
  },
  {
    method: 'post',
    path: '/audit/verify',
    operationId: 'verifyHistoryWithSeal',
    summary: "Verify the tenant's hash chains and a seal kept outside (JSON body { seal? })",
    answers: 'application/json',
    body: verifyBody,
  },
  {
    method: 'get',
    path: '/audit/export',
    operationId: 'exportHistory',
    summary: "Export the tenant's full history as NDJSON, verifiable offline",
    answers: 'application/x-ndjson',
  },
] as const;

export const auditRouteRoles = historyReaders;

/** Query strings these routes accept: only the tenant to act in (read by authentication). */
const noQuery = z.strictObject({ tenant: z.string().optional() });

/**
 * The auditor's verification and export over HTTP, for the caller's tenant. A verification takes an outside
 * seal only as a POST body: a seal lists every stream head, too long for a query string, so GET verifies the
 * chains alone. Every call is recorded as an `AuditorAccessRecorded` event before the answer leaves.
 */
export const createAuditRoutes = (deps: AuditRoutesDeps): Router => {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  const historyReader = (req: Request, what: string) => {
    const caller = deps.callerOf(req);
    if (!caller.roles.some((role) => (historyReaders as readonly string[]).includes(role))) {
      throw new ReadApiError(
        403,
        'ROLE_NOT_ALLOWED',
        `${caller.roles.join(', ')} may not ${what} (the full history is for ${historyReaders.join(', ')})`,
      );
    }
    const query = noQuery.safeParse(req.query);
    if (!query.success) {
      const issues = fieldIssues(query.error, 'query').map((issue) =>
        issue.path === 'query.seal'
          ? { ...issue, message: 'send the seal as the JSON body of POST /api/v1/audit/verify' }
          : issue,
      );
      throw new ReadApiError(400, 'QUERY_INVALID', 'Invalid query', issues);
    }
    return caller;
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

  return router;
};
