import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import {
  accountCommandHandlers,
  type CommandDefinition,
  executeCommand,
  type Role,
} from '../../commands/index.js';
import { MSP_TENANT } from '../../domain/account/index.js';
import type { EventStore } from '../../event-store/index.js';
import { allProjections, rebuildProjections } from '../../projections/index.js';
import { seedScale } from '../scale/seed-scale.js';

/** The cheap scrypt cost the benchmark's accounts are hashed with (logging in is not measured). */
export const benchPasswordCost = { N: 2 ** 10, r: 8, p: 1 };
export const benchPassword = 'correct horse battery staple';

const number = new Intl.NumberFormat('en-US');
const status = (line: string) => process.stderr.write(`\r${line.padEnd(100)}`);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** Seeds the scale history and rebuilds every projection from it; answers the number of events. */
export const seedAndProject = async (
  db: Kysely<unknown>,
  store: EventStore,
  options: { tenants: number; eventsPerTenant: number; seed: number },
) => {
  let started = process.hrtime.bigint();
  let shown = 0;
  const { events } = await seedScale(store, {
    tenants: options.tenants,
    events: options.tenants * options.eventsPerTenant,
    seed: options.seed,
    onProgress: (written) => {
      if (written - shown < 5000) return;
      shown = written;
      status(`seeding ${options.tenants} tenants: ${number.format(written)} events`);
    },
  });
  status(`seeded ${number.format(events)} events in ${seconds(started).toFixed(0)} s\n`);
  started = process.hrtime.bigint();
  await rebuildProjections({
    db,
    store,
    projections: allProjections,
    onProgress: (p) => status(`rebuild: ${number.format(p.events)} events`),
  });
  status(`rebuilt the projections in ${seconds(started).toFixed(0)} s\n`);
  return events;
};

export interface BenchAccount {
  accountId: string;
  email: string;
}

/**
 * The accounts the load runs as, made by the account commands as an MSP administrator would: an msp_admin
 * for every tenant, a technician serving every seeded tenant, and one client_manager per tenant (at home
 * there).
 */
export const createAccounts = async (store: EventStore, tenants: readonly string[]) => {
  const commands = accountCommandHandlers({ passwordCost: benchPasswordCost });
  const actor = { id: 'bench-setup', role: 'msp_admin' as Role };
  const run = <Input>(tenantId: string, definition: CommandDefinition<Input>, payload: unknown) =>
    executeCommand({ store }, definition, payload, {
      commandId: randomUUID(),
      tenantId,
      actor,
      now: new Date().toISOString(),
    });
  const create = async (
    key: string,
    home: string,
    grants: Array<{ role: Role; tenantId: string | null }>,
  ) => {
    const accountId = randomUUID();
    const email = `${key}@bench.example.com`;
    await run(home, commands.createAccount, {
      accountId,
      email,
      displayName: key,
      password: benchPassword,
    });
    for (const grant of grants) await run(home, commands.grantAccountRole, { accountId, ...grant });
    return { accountId, email };
  };
  const admin = await create('admin', MSP_TENANT, [{ role: 'msp_admin', tenantId: null }]);
  const technician = await create(
    'technician',
    MSP_TENANT,
    tenants.map((tenantId) => ({ role: 'technician' as Role, tenantId })),
  );
  const managers: BenchAccount[] = [];
  for (const [index, tenantId] of tenants.entries())
    managers.push(await create(`manager-${index}`, tenantId, [{ role: 'client_manager', tenantId }]));
  return { admin, technician, managers };
};

/** The newest checkpoint in the log. */
export const lastCheckpoint = async (pool: pg.Pool) => {
  const { rows } = await pool.query<{ checkpoint: string | null }>(
    `select max(lpad(transaction_id::text, 20, '0') || ':' || lpad(global_position::text, 20, '0')) as checkpoint
       from es_events`,
  );
  return rows[0]?.checkpoint ?? undefined;
};

/**
 * Marks the log as handled by the process manager. The seeder played its part (it applied and recorded every
 * step's effect itself), so a manager reading the seeded history would send those effects a second time,
 * which a running system never does; the server's manager starts at the end of the log instead.
 */
export const markManagerCaughtUp = async (pool: pg.Pool) => {
  const checkpoint = await lastCheckpoint(pool);
  if (checkpoint === undefined) return;
  await pool.query(
    `insert into projection_checkpoints (name, version, checkpoint, updated_at)
     values ('process-manager', 1, $1, now())
     on conflict (name) do update set checkpoint = excluded.checkpoint, updated_at = now()`,
    [checkpoint],
  );
};

/** The ids one tenant's requests use, drawn from its read models. */
export interface TenantIds {
  tenantId: string;
  devices: string[];
  people: string[];
  /** Active people (who may open a ticket), each with a device they hold, if any. */
  requesters: Array<{ personId: string; deviceId: string | null }>;
}

/** Up to 50 devices and people of each tenant, in a fixed pseudo-random order, and the seeded history's end. */
export const pickIds = async (pool: pg.Pool) => {
  const { rows: tenants } = await pool.query<{ tenant_id: string }>(
    'select tenant_id from organization_list order by tenant_id',
  );
  const ids: TenantIds[] = [];
  for (const { tenant_id: tenantId } of tenants) {
    const { rows: devices } = await pool.query<{ device_id: string }>(
      'select device_id from device_list where tenant_id = $1 order by md5(device_id) limit 50',
      [tenantId],
    );
    const { rows: people } = await pool.query<{ person_id: string }>(
      'select person_id from person_list where tenant_id = $1 order by md5(person_id) limit 50',
      [tenantId],
    );
    const { rows: requesters } = await pool.query<{ person_id: string; device_id: string | null }>(
      `select p.person_id,
              (select d.device_id from device_list d
                where d.tenant_id = p.tenant_id and d.holder_id = p.person_id order by d.device_id limit 1) as device_id
         from person_list p where p.tenant_id = $1 and p.status = 'active' order by md5(p.person_id) limit 50`,
      [tenantId],
    );
    ids.push({
      tenantId,
      devices: devices.map((d) => d.device_id),
      people: people.map((p) => p.person_id),
      requesters: requesters.map((r) => ({ personId: r.person_id, deviceId: r.device_id })),
    });
  }
  // The seeded history's "now": its latest device event.
  const { rows: latest } = await pool.query<{ at: Date | null }>(
    'select max(occurred_at) as at from device_timeline',
  );
  return { tenants: ids, historyEnd: latest[0]?.at ?? new Date() };
};
