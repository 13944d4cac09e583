import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type { z } from 'zod';
import { allCommands } from '../../../commands/index.js';
import { auditOperations } from '../../../read-api/audit-routes.js';
import { queryRoutes } from '../../../read-api/query-routes.js';
import { commandRoutes } from '../../../write-api/command-route.js';
import { laptopPayload } from '../../support/commands.js';
import { request } from '../support/test-app.js';
import { type PlatformApp, startPlatformApp } from './platform-support.js';

type Json = Record<string, unknown>;
interface Operation {
  path: string;
  method: string;
  op: Json & {
    operationId?: string;
    parameters?: Json[];
    responses?: Record<string, Json>;
    requestBody?: Json;
  };
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/**
 * Operations that are not in the route tables: authentication, live updates, operations endpoints, and the
 * auditor's verification and export (read-api/audit-routes.ts).
 */
const platformOperations = [
  'login',
  'logout',
  'me',
  'liveUpdates',
  'health',
  'readiness',
  'metrics',
  ...auditOperations.map((operation) => operation.operationId),
];

/** The value a local JSON pointer (`#/a/b`) names in the document, or undefined. */
const resolvePointer = (doc: unknown, ref: string): unknown => {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (at === null || typeof at !== 'object' || !(key in at)) return undefined;
    at = (at as Json)[key];
  }
  return at;
};

const refsIn = (value: unknown, found: string[] = []): string[] => {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
};

const routeOf = (operationId: string) => {
  const route = commandRoutes.find((candidate) => candidate.operationId === operationId);
  if (!route) throw new Error(`no command route ${operationId}`);
  return route;
};

/** The body fields a client must send: the payload's required fields less what the path or the server fills. */
const requiredBodyFields = (route: (typeof commandRoutes)[number]) => {
  const definition = allCommands.find((command) => command.type === route.command);
  if (!definition) throw new Error(`no command ${route.command}`);
  const shape = (definition.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const filled = new Set([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  for (const field of [route.creates, route.ownPerson, route.secret]) if (field) filled.add(field);
  return Object.keys(shape).filter((key) => !filled.has(key) && !shape[key]?.safeParse(undefined).success);
};

describe('HTTP OpenAPI document and docs page', function () {
  this.timeout(60_000);
  let platform: PlatformApp;
  let doc: Json & { paths: Record<string, Record<string, Json>>; components: Json };
  let operations: Operation[];
  const deref = <T>(value: T): T => {
    const ref = (value as { $ref?: unknown }).$ref;
    return typeof ref === 'string' ? (resolvePointer(doc, ref) as T) : value;
  };
  const bodySchemaOf = (route: (typeof commandRoutes)[number]) => {
    const body = doc.paths[`/api/v1${route.path}`]?.post?.requestBody as {
      content: Record<string, { schema: Json }>;
    };
    return body.content['application/json']?.schema as Json & { properties: Json; required?: string[] };
  };
  const ajv = () => {
    const validator = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(validator, ['date', 'date-time', 'email', 'uuid']);
    return validator;
  };

  before(async () => {
    platform = await startPlatformApp();
    const answer = await request(platform.url, 'GET', '/api/openapi.json');
    expect(answer.status).to.equal(200);
    doc = answer.body;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => methods.includes(method))
        .map(([method, op]) => ({ path, method, op: op as Operation['op'] })),
    );
  });
  after(() => platform?.close());

  it('is an OpenAPI 3.1.0 document with a title, a version and paths', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.info).to.include.keys('title', 'version');
    expect(operations.length).to.be.greaterThan(commandRoutes.length + queryRoutes.length);
  });

  it('gives every operation an operationId, none twice', () => {
    const ids = operations.map((operation) => operation.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).to.equal(true);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('lists every command route as a POST and every query route as a GET, and nothing else', () => {
    const listed = new Set(operations.map(({ method, path, op }) => `${method} ${path} ${op.operationId}`));
    const expected = [
      ...commandRoutes.map((route) => `post /api/v1${route.path} ${route.operationId}`),
      ...queryRoutes.map((route) => `get /api/v1${route.path} ${route.operationId}`),
    ];
    for (const entry of expected) expect(listed.has(entry), entry).to.equal(true);
    const extra = operations
      .map(({ op }) => op.operationId)
      .filter((id) => !expected.some((e) => e.endsWith(` ${id}`)));
    expect(extra).to.have.members(platformOperations);
  });

  it('lists the API token routes, the secret left out of the body the client sends', () => {
    const issue = routeOf('issueApiToken');
    expect(issue).to.include({
      path: '/accounts/{accountId}/tokens',
      command: 'IssueApiToken',
      secret: 'secret',
    });
    const schema = bodySchemaOf(issue);
    expect(Object.keys(schema.properties)).to.have.members(['tokenId', 'name', 'expiresAt']);
    expect(schema.required).to.deep.equal(['name']);
    expect(doc.paths['/api/v1/accounts/{accountId}/tokens/{tokenId}/revoke']?.post?.operationId).to.equal(
      'revokeApiToken',
    );
  });

  it('describes every command body as a closed JSON object requiring exactly what the command requires', () => {
    for (const route of commandRoutes) {
      const schema = bodySchemaOf(route);
      expect(schema.type, route.operationId).to.equal('object');
      expect(schema.additionalProperties, route.operationId).to.equal(false);
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      for (const name of pathNames) expect(schema.properties, route.operationId).to.not.have.property(name);
      expect(schema.required ?? [], route.operationId).to.have.members(requiredBodyFields(route));
      if (route.creates) expect(schema.properties, route.operationId).to.have.property(route.creates);
    }
  });

  it('has command bodies that compile as JSON Schema 2020-12 and accept and refuse what the server does', () => {
    const validator = ajv();
    for (const route of commandRoutes) {
      expect(() => validator.compile(bodySchemaOf(route)), route.operationId).to.not.throw();
    }
    const registerDevice = validator.compile(bodySchemaOf(routeOf('registerDevice')));
    const { deviceId: _id, ...body } = laptopPayload();
    const { assetTag: _tag, ...withoutTag } = body;
    expect(registerDevice(body)).to.equal(true);
    expect(registerDevice({ ...body, colour: 'red' })).to.equal(false);
    expect(registerDevice(withoutTag)).to.equal(false);
  });

  it('resolves every $ref in the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).to.be.greaterThan(0);
    for (const ref of new Set(refs)) expect(resolvePointer(doc, ref), ref).to.not.equal(undefined);
  });

  it('declares each path template parameter once, as a required path parameter, and no other', () => {
    for (const { path, method, op } of operations) {
      const parameters = (op.parameters ?? []).map((parameter) => deref(parameter) as Json);
      const keys = parameters.map((parameter) => `${parameter.in}:${parameter.name}`);
      expect(new Set(keys).size, `${method} ${path}`).to.equal(keys.length);
      const inPath = parameters.filter((parameter) => parameter.in === 'path');
      const template = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(
        inPath.map((parameter) => parameter.name),
        `${method} ${path}`,
      ).to.have.members(template);
      expect(
        inPath.every((parameter) => parameter.required === true),
        `${method} ${path}`,
      ).to.equal(true);
      for (const parameter of parameters) expect(parameter, `${method} ${path}`).to.have.property('schema');
    }
  });

  it('lists the query parameters each query route accepts, and CSV only where the route offers it', () => {
    for (const route of queryRoutes) {
      const op = doc.paths[`/api/v1${route.path}`]?.get as Operation['op'];
      const parameters = (op.parameters ?? []).map((parameter) => deref(parameter) as Json);
      const inQuery = parameters
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
      const accepted = Object.keys(
        ((route.query as unknown as z.ZodObject | undefined)?.shape ?? {}) as Json,
      );
      expect(inQuery, route.operationId).to.include.members([...accepted, 'after']);
      expect(inQuery.includes('format'), route.operationId).to.equal(route.csv !== undefined);
    }
  });

  it('gives every operation a success response and a description for each response', () => {
    for (const { path, method, op } of operations) {
      const codes = Object.keys(op.responses ?? {});
      expect(
        codes.some((code) => /^2\d\d$/.test(code)),
        `${method} ${path}`,
      ).to.equal(true);
      for (const code of codes) {
        const response = deref(op.responses?.[code]) as Json;
        expect(response.description, `${method} ${path} ${code}`).to.be.a('string');
      }
    }
  });

  it('describes the problems and command answers the server really sends', async () => {
    const validator = ajv();
    const schemas = doc.components.schemas as Json;
    const headers = { Authorization: `Bearer ${platform.adminToken}` };
    const problem = await request(platform.url, 'GET', '/api/v1/no-such-page', { headers });
    expect(problem.status).to.equal(404);
    expect(
      validator.validate(schemas.Problem as Json, problem.body),
      JSON.stringify(validator.errors),
    ).to.equal(true);
    const me = await request(platform.url, 'GET', '/api/v1/me', { headers });
    const issued = await request(platform.url, 'POST', `/api/v1/accounts/${me.body.accountId}/tokens`, {
      body: { name: 'schema check' },
      headers,
    });
    expect(issued.status).to.equal(201);
    const answerSchema = { ...(schemas.CommandAnswer as Json), additionalProperties: false };
    expect(validator.validate(answerSchema, issued.body), JSON.stringify(validator.errors)).to.equal(true);
  });

  it('serves an HTML page at /api/docs listing every operationId, with nothing loaded from elsewhere', async () => {
    const answer = await request(platform.url, 'GET', '/api/docs');
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.match(/^text\/html/);
    for (const { op, method, path } of operations) {
      expect(answer.text, String(op.operationId)).to.include(`id="${op.operationId}"`);
      expect(answer.text, String(op.operationId)).to.include(`<code>${method.toUpperCase()} ${path}</code>`);
    }
    expect(answer.text).to.not.match(/<script[^>]+src=|<link[^>]+href=["']?https?:/i);
  });
});
