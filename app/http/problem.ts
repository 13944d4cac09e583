import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { CommandValidationError, DomainError, type DomainErrorKind } from '../../commands/index.js';

/** An RFC 9457 problem document, with this API's stable `code` and the request id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId?: string;
  /** For 400: each invalid field, as a dotted path into the body or query. */
  errors?: { path: string; message: string }[];
  /**
   * For 422: what the refused rule found, as the domain names it (e.g. `deviceIds` a departing person still
   * holds, `fields` a task's outcome lacks), so that a client can point at it without parsing `detail`.
   */
  details?: Record<string, unknown>;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const statusOfKind: Record<DomainErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  rule: 422,
};

/** body-parser's error types, which carry their own status. */
const bodyParserCodes: Record<string, string> = {
  'entity.too.large': 'BODY_TOO_LARGE',
  'entity.parse.failed': 'BODY_NOT_JSON',
  'encoding.unsupported': 'ENCODING_UNSUPPORTED',
  'charset.unsupported': 'CHARSET_UNSUPPORTED',
  'request.aborted': 'REQUEST_ABORTED',
};

// Errors that mean "the database is not there right now", as pg and the pool report them.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const unavailableMessages = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /the database system is (starting up|shutting down)/i,
  /Client has encountered a connection error/i,
];

const databaseUnavailable = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  if (unavailableMessages.some((pattern) => pattern.test(error.message))) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && databaseUnavailable(cause);
};

const kebab = (code: string) => code.toLowerCase().replaceAll('_', '-');

/** Turns whatever a handler threw into a problem; unknown errors become a bare 500 with no internals. */
export const problemOf = (
  error: unknown,
  req: Request,
): { problem: Problem; headers: Record<string, string> } => {
  const base = (status: number, code: string, detail: string): Problem => ({
    type: `urn:it-ops-panel:problem:${kebab(code)}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    instance: req.originalUrl,
  });
  if (error instanceof CommandValidationError) {
    return { problem: { ...base(400, error.code, error.message), errors: error.issues }, headers: {} };
  }
  if (error instanceof DomainError) {
    const problem = base(statusOfKind[error.kind], error.code, error.message);
    // Only a broken rule's facts: a conflict's may name what another holds, beyond what the caller asked.
    if (error.kind === 'rule' && Object.keys(error.details).length > 0) problem.details = error.details;
    return { problem, headers: {} };
  }
  if (error instanceof Error) {
    const shaped = error as Error & {
      status?: unknown;
      code?: unknown;
      type?: unknown;
      issues?: { path: string; message: string }[];
      headers?: Record<string, string>;
      expose?: unknown;
    };
    if (
      typeof shaped.type === 'string' &&
      shaped.type in bodyParserCodes &&
      typeof shaped.status === 'number'
    ) {
      const detail =
        shaped.type === 'entity.too.large' ? 'The body is larger than this API accepts' : shaped.message;
      return { problem: base(shaped.status, bodyParserCodes[shaped.type] as string, detail), headers: {} };
    }
    if (typeof shaped.status === 'number' && typeof shaped.code === 'string' && shaped.status < 500) {
      const problem = base(shaped.status, shaped.code, shaped.message);
      if (shaped.issues) problem.errors = shaped.issues;
      return { problem, headers: shaped.headers ?? {} };
    }
    if (typeof shaped.status === 'number' && shaped.status === 503 && typeof shaped.code === 'string') {
      return { problem: base(503, shaped.code, shaped.message), headers: shaped.headers ?? {} };
    }
  }
  if (databaseUnavailable(error)) {
    return {
      problem: base(503, 'DATABASE_UNAVAILABLE', 'The database cannot be reached; try again shortly'),
      headers: { 'Retry-After': '5' },
    };
  }
  return {
    problem: base(500, 'INTERNAL_ERROR', 'Something went wrong on our side; it has been logged'),
    headers: {},
  };
};

export const sendProblem = (res: Response, problem: Problem, headers: Record<string, string> = {}) => {
  const requestId = res.getHeader('X-Request-Id');
  if (typeof requestId === 'string') problem.requestId = requestId;
  res.status(problem.status).set(headers).type('application/problem+json').send(JSON.stringify(problem));
};

/** The one error middleware: every error leaves as problem+json; 500s are logged with their stack, never sent. */
export const problemHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error: unknown, req, res, _next) => {
    const { problem, headers } = problemOf(error, req);
    if (problem.status >= 500)
      logger.error({ err: error, requestId: res.getHeader('X-Request-Id') }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problem, headers);
  };

/** Everything no route answered: 404 as a problem, not express's HTML page. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, {
    type: 'urn:it-ops-panel:problem:route-not-found',
    title: 'Not Found',
    status: 404,
    detail: `No ${req.method} ${req.path}`,
    code: 'ROUTE_NOT_FOUND',
    instance: req.originalUrl,
  });
};
