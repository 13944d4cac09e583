import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../../../app/config.js';
import { type AppRole, type RunningApp, startApp } from '../../../app/start-app.js';
import { accountCommandHandlers, allCommands, executeCommand } from '../../../commands/index.js';
import type { Role } from '../../../domain/shared/index.js';
import { organizationPayload } from '../../support/commands.js';
import { createTestDatabase } from '../../support/database.js';
import { cheapPasswords, request } from '../support/test-app.js';

const password = 'correct horse battery staple';
const accounts = Object.values(accountCommandHandlers({ passwordCost: cheapPasswords }));
const commands = [...allCommands.filter((c) => !accounts.some((a) => a.type === c.type)), ...accounts];
const command = (type: string) => {
  const found = commands.find((c) => c.type === type);
  if (!found) throw new Error(`no command ${type}`);
  return found;
};

/** Three processes of the app against one database, one role each, as `npm start -- --role …` runs them. */
export interface SeparateRoles {
  projector: RunningApp;
  writeApi: RunningApp;
  readApi: RunningApp;
  tenantId: string;
  technician: { email: string };
  manager: { email: string };
  /** Logs in on one process's HTTP API and answers the session token. */
  login(app: RunningApp, email: string): Promise<string>;
  close(): Promise<void>;
}

const start = (databaseUrl: string, roles: AppRole[]) =>
  startApp({
    config: loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent' }),
    roles,
    logger: pino({ level: 'silent' }),
    passwordCost: cheapPasswords,
    loginLimit: 1000,
  });

/**
 * Starts the projector, then a write-API-only and a read-API-only process, on a fresh database with one
 * client company, a technician and a client manager (recorded straight through the commands, then
 * projected by the projector process, so they can log in).
 */
export const startSeparateRoles = async (): Promise<SeparateRoles> => {
  const databaseUrl = await createTestDatabase('roles');
  const projector = await start(databaseUrl, ['projector']);
  const writeApi = await start(databaseUrl, ['write-api']);
  const readApi = await start(databaseUrl, ['read-api']);
  const apps = [readApi, writeApi, projector];
  try {
    const tenantId = randomUUID();
    const admin = { id: randomUUID(), role: 'msp_admin' as Role };
    let last: string | undefined;
    const run = async (type: string, payload: unknown, home: string = tenantId) => {
      const result = await executeCommand({ store: writeApi.database.store }, command(type), payload, {
        commandId: randomUUID(),
        tenantId: home,
        actor: admin,
        now: new Date().toISOString(),
      });
      last = result.checkpoint ?? last;
    };
    await run('RegisterOrganization', organizationPayload(tenantId, { name: 'Gamma S.A.' }));
    // An IT-team account lives in the MSP's own home tenant, a client's in the client's.
    const account = async (key: string, role: Role, home: string) => {
      const accountId = randomUUID();
      const email = `${key}-${accountId.slice(0, 8)}@example.com`;
      await run('CreateAccount', { accountId, email, displayName: key, password }, home);
      await run('GrantAccountRole', { accountId, role, tenantId }, home);
      return { email };
    };
    const technician = await account('tech', 'technician', 'msp');
    const manager = await account('manager', 'client_manager', tenantId);
    const runner = projector.runner();
    if (!runner || !last || !(await runner.waitForCheckpoint(last, 20_000))) {
      throw new Error('the projector process did not project the accounts');
    }
    return {
      projector,
      writeApi,
      readApi,
      tenantId,
      technician,
      manager,
      async login(app, email) {
        const answer = await request(app.url as string, 'POST', '/api/v1/auth/login', {
          body: { email, password },
        });
        if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status} ${answer.text}`);
        return answer.body.token as string;
      },
      close: async () => {
        for (const app of apps) await app.close();
      },
    };
  } catch (error) {
    for (const app of apps) await app.close();
    throw error;
  }
};
