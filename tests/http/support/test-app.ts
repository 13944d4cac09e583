import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../../../app/config.js';
import { type AppRole, type RunningApp, startApp } from '../../../app/start-app.js';
import { accountCommandHandlers, executeCommand } from '../../../commands/index.js';
import { organizationCommands } from '../../../commands/organization/organization-command-handlers.js';
import { personCommands } from '../../../commands/person/person-command-handlers.js';
import type { Role } from '../../../domain/shared/index.js';
import { organizationPayload } from '../../support/commands.js';
import { createTestDatabase } from '../../support/database.js';

/** scrypt cost for test accounts: fast, and still the real code path. */
export const cheapPasswords = { N: 2 ** 10, r: 8, p: 1 };
const accounts = accountCommandHandlers({ passwordCost: cheapPasswords });
const password = 'correct horse battery staple';

/** One HTTP answer, with its body parsed when it is JSON. */
// biome-ignore lint/suspicious/noExplicitAny: specs read whatever JSON an endpoint answers
export interface Answer<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
  text: string;
}

/** A logged-in caller (Bearer token), acting in `tenant` unless a request names another. */
export interface Client {
  accountId: string;
  email: string;
  token: string;
  tenant: string | undefined;
  personId?: string;
  get(path: string, options?: RequestOptions): Promise<Answer>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<Answer>;
  delete(path: string, options?: RequestOptions): Promise<Answer>;
  /** The same client acting in another tenant (X-Tenant-Id). */
  in(tenant: string): Client;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** Overrides the client's tenant for this request; null sends no X-Tenant-Id. */
  tenant?: string | null;
}

export const request = async (
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<Answer> => {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? JSON.parse(text) : text,
    text,
  };
};

const clientFor = (
  baseUrl: string,
  identity: { accountId: string; email: string; token: string; personId?: string },
  tenant: string | undefined,
): Client => {
  const headersFor = (options: RequestOptions = {}) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${identity.token}`, ...options.headers };
    const chosen = options.tenant === undefined ? tenant : options.tenant;
    if (chosen !== null && chosen !== undefined) headers['X-Tenant-Id'] = chosen;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    return headers;
  };
  return {
    ...identity,
    tenant,
    get: (path, options) => request(baseUrl, 'GET', `/api/v1${path}`, { headers: headersFor(options) }),
    post: (path, body = {}, options) =>
      request(baseUrl, 'POST', `/api/v1${path}`, { body, headers: headersFor(options) }),
    delete: (path, options) => request(baseUrl, 'DELETE', `/api/v1${path}`, { headers: headersFor(options) }),
    in: (other) => clientFor(baseUrl, identity, other),
  };
};

/** Waits until every projection of the app's projector has applied everything in the log. */
export const settleApp = async (app: RunningApp) => {
  const { rows } = await app.database.pool.query<{ checkpoint: string | null }>(
    `select max(lpad(transaction_id::text, 20, '0') || ':' || lpad(global_position::text, 20, '0')) as checkpoint
       from es_events`,
  );
  const checkpoint = rows[0]?.checkpoint;
  if (!checkpoint) return;
  for (let tries = 0; tries < 600; tries += 1) {
    const runner = app.runner();
    if (runner && (await runner.waitForCheckpoint(checkpoint, 100))) return;
  }
  throw new Error(`projections did not reach ${checkpoint}`);
};

export interface TestWorld {
  app: RunningApp;
  url: string;
  /** Two client companies. */
  tenantA: string;
  tenantB: string;
  /** A person of tenant A the employee account stands for, and one of tenant B. */
  employeePersonId: string;
  personB: string;
  mspAdmin: Client;
  technician: Client;
  managerA: Client;
  employeeA: Client;
  auditorA: Client;
  managerB: Client;
  /** Resolves once every projection has applied everything written so far. */
  settle(): Promise<void>;
  /** Logs in with e-mail and password. */
  login(email: string, secret?: string): Promise<Answer>;
  close(): Promise<void>;
}

/**
 * The real app on port 0 against a fresh database, with two client companies and one logged-in client per
 * role: msp_admin (every tenant), technician (both companies), and in company A a client manager, an
 * employee standing for a person and an auditor; in company B a client manager.
 */
export const startTestWorld = async (
  options: {
    roles?: AppRole[];
    databaseUrl?: string;
    now?: () => Date;
    /** More configuration variables, as the environment gives them. */
    env?: Record<string, string>;
  } = {},
): Promise<TestWorld> => {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase('http'));
  const app = await startApp({
    config: loadConfig({ ...options.env, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent' }),
    roles: options.roles ?? ['write-api', 'read-api', 'projector'],
    logger: pino({ level: 'silent' }),
    passwordCost: cheapPasswords,
    loginLimit: 1000,
    ...(options.now ? { now: options.now } : {}),
  });
  const url = app.url as string;
  const deps = { store: app.database.store };
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const admin = { id: randomUUID(), role: 'msp_admin' as Role };
  const at = () => new Date().toISOString();
  const run = (tenantId: string, definition: Parameters<typeof executeCommand>[1], payload: unknown) =>
    executeCommand(deps, definition, payload, { commandId: randomUUID(), tenantId, actor: admin, now: at() });
  const command = (type: string) =>
    [...organizationCommands, ...personCommands, ...Object.values(accounts)].find(
      (c) => c.type === type,
    ) as Parameters<typeof executeCommand>[1];

  for (const [tenant, name] of [
    [tenantA, 'Alpha sp. z o.o.'],
    [tenantB, 'Beta GmbH'],
  ] as const) {
    await run(tenant, command('RegisterOrganization'), organizationPayload(tenant, { name }));
  }
  const registerPerson = async (tenant: string, name: string) => {
    const personId = randomUUID();
    await run(tenant, command('RegisterPerson'), {
      personId,
      name,
      email: `${personId.slice(0, 8)}@example.com`,
      department: 'Sales',
      costCentre: 'CC-100',
      plannedStart: '2026-01-05',
    });
    await run(tenant, command('StartPerson'), { personId });
    return personId;
  };
  const employeePersonId = await registerPerson(tenantA, 'Ewa Employee');
  const personB = await registerPerson(tenantB, 'Bruno Beta');

  const createAccount = async (
    key: string,
    home: string,
    grants: Array<{ role: Role; tenantId: string | null }>,
    personId?: string,
  ) => {
    const accountId = randomUUID();
    const email = `${key}-${accountId.slice(0, 8)}@example.com`;
    await run(home, command('CreateAccount'), {
      accountId,
      email,
      displayName: key,
      password,
      ...(personId ? { personId } : {}),
    });
    for (const grant of grants) {
      await run(home, command('GrantAccountRole'), { accountId, role: grant.role, tenantId: grant.tenantId });
    }
    return { accountId, email, ...(personId ? { personId } : {}) };
  };
  const made = {
    mspAdmin: await createAccount('admin', 'msp', [{ role: 'msp_admin', tenantId: null }]),
    technician: await createAccount('tech', 'msp', [
      { role: 'technician', tenantId: tenantA },
      { role: 'technician', tenantId: tenantB },
    ]),
    managerA: await createAccount('manager-a', tenantA, [{ role: 'client_manager', tenantId: tenantA }]),
    employeeA: await createAccount(
      'employee-a',
      tenantA,
      [{ role: 'employee', tenantId: tenantA }],
      employeePersonId,
    ),
    auditorA: await createAccount('auditor-a', tenantA, [{ role: 'auditor', tenantId: tenantA }]),
    managerB: await createAccount('manager-b', tenantB, [{ role: 'client_manager', tenantId: tenantB }]),
  };

  const settle = () => settleApp(app);
  await settle();

  const login = (email: string, secret = password) =>
    request(url, 'POST', '/api/v1/auth/login', { body: { email, password: secret } });
  const clientOf = async (
    identity: { accountId: string; email: string; personId?: string },
    tenant?: string,
  ) => {
    const answer = await login(identity.email);
    if (answer.status !== 200) throw new Error(`login ${identity.email}: ${answer.status} ${answer.text}`);
    return clientFor(url, { ...identity, token: answer.body.token as string }, tenant);
  };

  return {
    app,
    url,
    tenantA,
    tenantB,
    employeePersonId,
    personB,
    mspAdmin: await clientOf(made.mspAdmin, tenantA),
    technician: await clientOf(made.technician, tenantA),
    managerA: await clientOf(made.managerA),
    employeeA: await clientOf(made.employeeA),
    auditorA: await clientOf(made.auditorA),
    managerB: await clientOf(made.managerB),
    settle,
    login,
    close: () => app.close(),
  };
};

/** Asserts-friendly view of a problem answer. */
export const problemOf = (answer: Answer) => ({
  status: answer.status,
  type: answer.headers.get('content-type'),
  code: (answer.body as { code?: string }).code,
});
