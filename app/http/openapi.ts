import { z } from 'zod';
import type { CommandDefinition } from '../../commands/index.js';
import { auditOperations, auditRouteRoles } from '../../read-api/audit-routes.js';
import type { QueryRoute } from '../../read-api/query-route.js';
import type { CommandRoute } from '../../write-api/command-route.js';
import { pathParams, routeBodySchema } from '../../write-api/write-api.js';

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const errorResponses = (codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        $ref: `#/components/responses/${({ 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 413: 'TooLarge', 422: 'Unprocessable', 429: 'TooMany', 503: 'Unavailable' } as Record<number, string>)[code]}`,
      },
    ]),
  );

const tenantParameter = { $ref: '#/components/parameters/Tenant' };

/** Parameters of one location from a zod object schema. */
const parametersOf = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
};

/**
 * The OpenAPI 3.1 document of both APIs, generated from the same zod schemas that validate the requests,
 * so the document cannot drift from what the server accepts.
 */
export const buildOpenApi = (options: {
  commandRoutes: readonly CommandRoute[];
  commands: readonly CommandDefinition<unknown>[];
  queryRoutes: readonly QueryRoute<never, never, never>[];
  /** The auditor's verification and export are served (read-api/audit-routes.ts). */
  auditRoutes?: boolean;
  version: string;
}) => {
  const paths: Record<string, Record<string, unknown>> = {};
  const at = (path: string) => {
    paths[path] ??= {};
    return paths[path] as Record<string, unknown>;
  };
  const definitions = new Map(options.commands.map((d) => [d.type, d]));
  for (const route of options.commandRoutes) {
    const definition = definitions.get(route.command);
    if (!definition) continue;
    const body = jsonSchema(routeBodySchema(route, definition));
    // A command whose payload is only the path's ids needs no body at all.
    const bodyRequired = ((body.required as string[] | undefined) ?? []).length > 0;
    at(`/api/v1${route.path}`).post = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      description: `Sends the ${route.command} command.${route.creates ? ` Leave out \`${route.creates}\` and the server makes one.` : ''}`,
      parameters: [
        ...pathParams(route.path).map((name) => ({
          name,
          in: 'path',
          required: true,
          schema: { type: 'string' },
        })),
        tenantParameter,
        { $ref: '#/components/parameters/IdempotencyKey' },
        { $ref: '#/components/parameters/CsrfToken' },
      ],
      requestBody: {
        required: bodyRequired,
        content: { 'application/json': { schema: body } },
      },
      responses: {
        [route.creates ? '201' : '200']: {
          description: 'Done: the ids, and the checkpoint to pass as ?after= to read what it changed',
          headers: { 'X-Checkpoint': { schema: { type: 'string' } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/CommandAnswer' } } },
        },
        ...errorResponses([400, 401, 403, 404, 409, 413, 422, 429, 503]),
      },
    };
  }
  for (const route of options.queryRoutes as readonly QueryRoute<unknown, unknown, unknown>[]) {
    at(`/api/v1${route.path}`).get = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      description: `${route.description ? `${route.description} ` : ''}Roles: ${route.roles.join(', ')}.${route.csv ? ' Also as CSV: ?format=csv or Accept: text/csv.' : ''}`,
      parameters: [
        ...parametersOf(route.params as z.ZodType | undefined, 'path'),
        ...parametersOf(route.query as z.ZodType | undefined, 'query'),
        tenantParameter,
        { $ref: '#/components/parameters/After' },
        ...(route.csv ? [{ $ref: '#/components/parameters/Format' }] : []),
      ],
      responses: {
        '200': {
          description: 'The answer',
          headers: { 'X-Consistency': { schema: { enum: ['caught-up', 'stale'] } } },
          content: {
            'application/json': { schema: { type: 'object' } },
            ...(route.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}),
          },
        },
        ...errorResponses([400, 401, 403, 404, 503]),
      },
    };
  }
  for (const operation of options.auditRoutes ? auditOperations : []) {
    const body = 'body' in operation ? jsonSchema(operation.body) : undefined;
    const unsafe = operation.method !== 'get';
    at(`/api/v1${operation.path}`)[operation.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: ['audit'],
      description:
        `For the tenant the request acts in. Roles: ${auditRouteRoles.join(', ')}. ` +
        (operation.recorded
          ? 'Recorded as an AuditorAccessRecorded event (who, what, when, how it went), which the audit log shows. '
          : '') +
        operation.description,
      parameters: [
        ...pathParams(operation.path).map((name) => ({
          name,
          in: 'path',
          required: true,
          schema: { type: 'string' },
        })),
        tenantParameter,
        ...(unsafe ? [{ $ref: '#/components/parameters/CsrfToken' }] : []),
      ],
      ...(body
        ? {
            requestBody: {
              required: operation.method === 'post' && operation.path === '/audit/rebuilds',
              content: { 'application/json': { schema: body } },
            },
          }
        : {}),
      responses: {
        [String(operation.status)]:
          operation.answers === 'none'
            ? { description: 'Done' }
            : {
                description: operation.summary,
                content: {
                  [operation.answers]: {
                    schema:
                      operation.answers === 'application/json' ? { type: 'object' } : { type: 'string' },
                  },
                },
              },
        ...errorResponses([...operation.errors]),
      },
    };
  }
  Object.assign(at('/api/v1/auth/login'), {
    post: {
      operationId: 'login',
      summary: 'Log in with e-mail and password: a session cookie and a Bearer token',
      tags: ['auth'],
      security: [],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['email', 'password'],
              properties: { email: { type: 'string' }, password: { type: 'string' } },
            },
          },
        },
      },
      responses: {
        '200': {
          description:
            'Logged in: Set-Cookie itp_session (HttpOnly) and itp_csrf; the same token for Bearer use',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  token: { type: 'string' },
                  csrfToken: { type: 'string' },
                  expiresAt: { type: 'string', format: 'date-time' },
                  account: { type: 'object' },
                },
              },
            },
          },
        },
        ...errorResponses([400, 401, 429, 503]),
      },
    },
  });
  Object.assign(at('/api/v1/auth/logout'), {
    post: {
      operationId: 'logout',
      summary: 'End the session',
      tags: ['auth'],
      responses: { '204': { description: 'Logged out' }, ...errorResponses([401, 403]) },
    },
  });
  Object.assign(at('/api/v1/me'), {
    get: {
      operationId: 'me',
      summary: 'The logged-in account, the tenant this request acts in and every tenant it may act in',
      tags: ['auth'],
      parameters: [tenantParameter],
      responses: {
        '200': {
          description: 'The account',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        ...errorResponses([401]),
      },
    },
  });
  // The live stream is served with the read API only (a write-API process answers 404 for it).
  if (options.queryRoutes.length > 0) {
    Object.assign(at('/api/v1/live'), {
      get: {
        operationId: 'liveUpdates',
        summary:
          'Server-Sent Events: which views of the tenant changed (event "update", data { topic, checkpoint })',
        tags: ['live'],
        parameters: [
          tenantParameter,
          {
            name: 'topics',
            in: 'query',
            schema: { type: 'string' },
            description: 'Comma-separated: dashboard, processes, tickets, devices, people, costs, audit',
          },
        ],
        responses: {
          '200': {
            description: 'An event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errorResponses([400, 401]),
        },
      },
    });
  }
  for (const [path, operationId, summary] of [
    ['/healthz', 'health', 'The process is alive'],
    ['/readyz', 'readiness', 'The database answers and the projections are caught up'],
    ['/metrics', 'metrics', 'Prometheus metrics'],
  ] as const) {
    at(path).get = {
      operationId,
      summary,
      tags: ['operations'],
      security: [],
      responses: { '200': { description: 'OK' }, '503': { description: 'Not ready' } },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'IT operations panel API',
      version: options.version,
      description:
        'Write API (one task-based POST per command) and read API (lists, cards, reports, audit log, live updates). Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A session token from login, or an API token (itp_t_…)',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'itp_session',
          description: 'Writes must also send X-CSRF-Token',
        },
      },
      parameters: {
        Tenant: {
          name: 'X-Tenant-Id',
          in: 'header',
          required: false,
          schema: { type: 'string' },
          description: "The tenant to act in; defaults to the account's own. Also ?tenant=",
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: 200 },
          description: 'Same key and body: the same answer, nothing done twice; same key, other body: 422',
        },
        CsrfToken: {
          name: 'X-CSRF-Token',
          in: 'header',
          required: false,
          schema: { type: 'string' },
          description: 'Required with cookie authentication: the csrfToken login answered',
        },
        After: {
          name: 'after',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'A checkpoint a write answered: wait (up to 5 s) until the answer includes it',
        },
        Format: { name: 'format', in: 'query', required: false, schema: { enum: ['json', 'csv'] } },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
            details: {
              type: 'object',
              description: '422 only: what the refused rule found, e.g. { deviceIds } or { fields }',
            },
          },
        },
        CommandAnswer: {
          type: 'object',
          required: ['commandId', 'ids', 'checkpoint', 'events'],
          properties: {
            commandId: { type: 'string', format: 'uuid' },
            ids: { type: 'object', additionalProperties: { type: 'string' } },
            checkpoint: { type: ['string', 'null'] },
            events: { type: 'array', items: { type: 'string' } },
            secret: { type: 'string', description: 'Only when an API token is issued: shown once' },
          },
        },
      },
      responses: {
        BadRequest: problem('Invalid input: `errors` names each field'),
        Unauthorized: problem('Not logged in, or the session or token has expired'),
        Forbidden: problem('The role may not do this'),
        NotFound: problem('No such thing in this tenant'),
        Conflict: problem('It already exists or was already done'),
        TooLarge: problem('The body is too large'),
        Unprocessable: problem('A business rule refused it'),
        TooMany: problem('Too many requests; see Retry-After'),
        Unavailable: problem('The database cannot be reached; see Retry-After'),
      },
    },
  };
};

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A self-contained HTML page (no CDN) listing every operation with its parameters and body schema. */
export const renderDocs = (doc: ReturnType<typeof buildOpenApi>) => {
  const sections: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(operations)) {
      const op = raw as {
        operationId: string;
        summary: string;
        description?: string;
        requestBody?: { content: Record<string, { schema: unknown }> };
      };
      const body = op.requestBody?.content['application/json']?.schema;
      sections.push(`<section id="${escapeHtml(op.operationId)}">
<h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p><strong>${escapeHtml(op.summary)}</strong> <small>operationId: <code>${escapeHtml(op.operationId)}</code></small></p>
${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
${body ? `<details><summary>Body schema</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ''}
</section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.5rem 0 0;font-size:1rem}pre{background:#f5f5f5;padding:.5rem;overflow:auto}</style>
</head><body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description)} The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
${sections.join('\n')}
</body></html>`;
};
