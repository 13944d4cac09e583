import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { pino } from 'pino';
import { loadConfig } from '../../../app/config.js';
import type { Database } from '../../../app/database.js';
import { type RunningApp, startApp } from '../../../app/start-app.js';
import { accountCommandHandlers, executeCommand } from '../../../commands/index.js';
import { createTestDatabase } from '../../support/database.js';
import { type Answer, cheapPasswords, request, settleApp } from '../support/test-app.js';

export const password = 'correct horse battery staple';

export { settleApp };

export interface PlatformApp {
  app: RunningApp;
  url: string;
  /** An msp_admin account of the MSP, logged in with a Bearer session token. */
  adminEmail: string;
  adminToken: string;
  close(): Promise<void>;
}

/**
 * The real app (every role) on port 0 against a fresh database, with options the shared test world does not
 * expose: a login limit and extra routers. Holds one msp_admin account and nothing else.
 */
export const startPlatformApp = async (
  options: { loginLimit?: number; extra?: (database: Database) => Router } = {},
): Promise<PlatformApp> => {
  const app = await startApp({
    config: loadConfig({
      DATABASE_URL: await createTestDatabase('platform'),
      PORT: '0',
      LOG_LEVEL: 'silent',
    }),
    roles: ['write-api', 'read-api', 'projector'],
    logger: pino({ level: 'silent' }),
    passwordCost: cheapPasswords,
    loginLimit: options.loginLimit ?? 1000,
    ...(options.extra ? { extra: options.extra } : {}),
  });
  const accounts = accountCommandHandlers({ passwordCost: cheapPasswords });
  const accountId = randomUUID();
  const adminEmail = `admin-${accountId.slice(0, 8)}@example.com`;
  const envelope = () => ({
    commandId: randomUUID(),
    tenantId: 'msp',
    actor: { id: randomUUID(), role: 'msp_admin' as const },
    now: new Date().toISOString(),
  });
  const deps = { store: app.database.store };
  await executeCommand(
    deps,
    accounts.createAccount,
    { accountId, email: adminEmail, displayName: 'Admin', password },
    envelope(),
  );
  await executeCommand(
    deps,
    accounts.grantAccountRole,
    { accountId, role: 'msp_admin', tenantId: null },
    envelope(),
  );
  await settleApp(app);
  const url = app.url as string;
  const login = await request(url, 'POST', '/api/v1/auth/login', { body: { email: adminEmail, password } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  return { app, url, adminEmail, adminToken: login.body.token as string, close: () => app.close() };
};

/** One Set-Cookie header, split into its value and its attributes (names lower-cased). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string | true>;
}

export const setCookiesOf = (answer: Answer): Map<string, SetCookie> => {
  const cookies = new Map<string, SetCookie>();
  for (const header of answer.headers.getSetCookie()) {
    const [pair = '', ...parts] = header.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const attributes = new Map<string, string | true>();
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq === -1) attributes.set(part.toLowerCase(), true);
      else attributes.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
    }
    cookies.set(name, { name, value: decodeURIComponent(pair.slice(at + 1)), attributes });
  }
  return cookies;
};

/** The problem+json essentials of an answer, for one deep-equal assertion. */
export const problemSummary = (answer: Answer) => ({
  status: answer.status,
  contentType: (answer.headers.get('content-type') ?? '').split(';')[0],
  code: (answer.body as { code?: unknown }).code,
});
