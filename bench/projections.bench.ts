import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createAppEventStore } from '../app/database.js';
import { startEmbeddedDatabase } from '../app/embedded-database.js';
import { type EventStore, migrateEventStore, type RecordedEvent } from '../event-store/index.js';
import {
  type AnyProjection,
  allProjections,
  type CostTables,
  costReport,
  type DashboardTables,
  type DeviceTables,
  dashboard,
  deviceTimeline,
  listDevices,
  rebuildProjections,
} from '../projections/index.js';
import { seedScale } from './scale/seed-scale.js';
import { seededRandom } from './scale/tenant-history.js';

// The projections benchmark (issue 4). On the scale history it rebuilds every projection and compares the
// rate with a baseline measured in the same run: the same events read with the same driver, and rows of the
// same shapes and counts written with multi-row INSERTs, with no logic. It then times the main panel queries
// on the same tenants and arguments at 100,000 and at 1,000,000 events.
const eventsPerTenant = Number(process.env.BENCH_EVENTS_PER_TENANT ?? 5000);
const smallTenants = Number(process.env.BENCH_SMALL_TENANTS ?? 20);
const largeTenants = Number(process.env.BENCH_LARGE_TENANTS ?? 200);
const samples = Number(process.env.BENCH_SAMPLES ?? 300);
const pageSize = 5000;
const seed = 42;

const number = new Intl.NumberFormat('en-US');
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const status = (line: string) => process.stderr.write(`\r${line.padEnd(100)}`);

const readPage = async (store: EventStore, after: string | undefined) => {
  const page: RecordedEvent[] = [];
  for await (const event of store.readAll({ ...(after === undefined ? {} : { after }), maxCount: pageSize }))
    page.push(event);
  return page;
};

const countEvents = async (db: Kysely<unknown>) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from es_events`.execute(db);
  return rows[0]?.n ?? 0;
};

const seedTo = async (store: EventStore, firstTenant: number, tenants: number) => {
  const started = process.hrtime.bigint();
  const { events } = await seedScale(store, {
    firstTenant,
    tenants,
    events: tenants * eventsPerTenant,
    seed,
    onProgress: (written) => {
      if (written % 5000 < 10)
        status(
          `seeding tenants ${firstTenant}..${firstTenant + tenants - 1}: ${number.format(written)} events`,
        );
    },
  });
  status(
    `seeded ${number.format(events)} events for tenants ${firstTenant}..${firstTenant + tenants - 1} in ${seconds(started).toFixed(0)} s\n`,
  );
};

const rebuildAll = async (db: Kysely<unknown>, store: EventStore) => {
  const started = process.hrtime.bigint();
  await rebuildProjections({
    db,
    store,
    projections: allProjections,
    batchSize: pageSize,
    onProgress: (p) =>
      status(
        `rebuild: ${number.format(p.events)} events, ${number.format(Math.round(p.eventsPerSecond))} events/s`,
      ),
  });
  return seconds(started);
};

type Row = Record<string, unknown>;

/**
 * The baseline: reads the log page by page through the same store, and for each page writes its share of
 * every read-model table's final row count, rows copied from real ones with fresh keys, as multi-row
 * INSERTs into empty copies of the tables (same columns, keys and indexes), one transaction per projection
 * per page, the projections side by side: the reading and writing a rebuild cannot avoid, and nothing else.
 */
const baselineRun = async (db: Kysely<unknown>, store: EventStore, projections: readonly AnyProjection[]) => {
  const tables = projections.flatMap((projection) =>
    projection.tables.map((table) => ({
      projection: projection.name,
      table,
      key: projection.rows[table]?.key,
    })),
  );
  await sql`drop schema if exists bench_baseline cascade`.execute(db);
  await sql`create schema bench_baseline`.execute(db);
  const shapes = new Map<string, { count: number; templates: Row[]; written: number }>();
  for (const { table } of tables) {
    await sql`create table ${sql.id('bench_baseline', table)} (like ${sql.id(table)} including all)`.execute(
      db,
    );
    const { rows: counted } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.id(table)}`.execute(db);
    const { rows: templates } = await sql<{ row: Row }>`
      select to_jsonb(t) as row from ${sql.id(table)} as t limit 1000`.execute(db);
    shapes.set(table, { count: counted[0]?.n ?? 0, templates: templates.map((t) => t.row), written: 0 });
  }
  const total = await countEvents(db);
  const target = db.withSchema('bench_baseline') as Kysely<Record<string, Row>>;
  const started = process.hrtime.bigint();
  let read = 0;
  let after: string | undefined;
  let next = readPage(store, after);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    after = page.at(-1)?.checkpoint;
    next = readPage(store, after);
    read += page.length;
    await Promise.all(
      projections.map((projection) =>
        target.transaction().execute(async (trx) => {
          for (const { table, key } of tables.filter((t) => t.projection === projection.name)) {
            const shape = shapes.get(table);
            if (!shape || shape.templates.length === 0) continue;
            const due = Math.round((shape.count * read) / total) - shape.written;
            const rows = Array.from({ length: due }, (_, i) => {
              const n = shape.written + i;
              const template = shape.templates[n % shape.templates.length] as Row;
              const row: Row = {};
              for (const [column, value] of Object.entries(template))
                row[column] = key?.includes(column) ? `${String(value)}~${n}` : value;
              return row;
            });
            shape.written += due;
            const columns = Object.keys(shape.templates[0] as Row).length;
            const perStatement = Math.floor(60_000 / columns);
            for (let start = 0; start < rows.length; start += perStatement)
              await trx
                .insertInto(table)
                .values(rows.slice(start, start + perStatement))
                .execute();
          }
        }),
      ),
    );
    status(`baseline: ${number.format(read)} events`);
  }
  const elapsed = seconds(started);
  await sql`drop schema bench_baseline cascade`.execute(db);
  return { elapsed, rows: [...shapes.values()].reduce((sum, shape) => sum + shape.written, 0) };
};

interface QueryArguments {
  tenants: string[];
  devices: Array<{ tenantId: string; deviceId: string }>;
  now: Date;
}

/** The tenants and devices every query round uses, picked once (at 100,000 events) and reused at 1,000,000. */
const pickArguments = async (db: Kysely<DashboardTables>): Promise<QueryArguments> => {
  const { rows: tenants } = await sql<{ tenant_id: string }>`
    select distinct tenant_id from device_list order by tenant_id`.execute(db);
  const { rows: devices } = await sql<{ tenant_id: string; device_id: string }>`
    select tenant_id, device_id from device_list order by md5(device_id) limit 500`.execute(db);
  const { rows: latest } = await sql<{
    at: Date;
  }>`select max(occurred_at) as at from device_timeline`.execute(db);
  return {
    tenants: tenants.map((t) => t.tenant_id),
    devices: devices.map((d) => ({ tenantId: d.tenant_id, deviceId: d.device_id })),
    now: latest[0]?.at ?? new Date(),
  };
};

const monthsBack = (now: Date, back: number) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
};

type Timings = Record<string, number[]>;

/** Runs each panel query `samples` times, interleaved, with arguments drawn from a seeded sequence. */
const timeQueries = async (db: Kysely<DashboardTables>, args: QueryArguments): Promise<Timings> => {
  // Kysely's database type is invariant; the same handle serves every read model's tables.
  const devices = db as unknown as Kysely<DeviceTables>;
  const costs = db as unknown as Kysely<CostTables>;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const queries: Record<string, () => Promise<unknown>> = {
    dashboard: () => dashboard(db, pick(args.tenants), args.now),
    'device list page': async () => {
      // The first page or, every other time, the one after it: keyset paging costs the same on any page.
      const tenantId = pick(args.tenants);
      const first = await listDevices(devices, tenantId, { limit: 50 });
      return random() < 0.5 || !first.nextCursor
        ? first
        : listDevices(devices, tenantId, { limit: 50, cursor: first.nextCursor });
    },
    'device timeline': () => {
      const { tenantId, deviceId } = pick(args.devices);
      return deviceTimeline(devices, tenantId, deviceId, { limit: 50 });
    },
    'cost report': () =>
      costReport(costs, pick(args.tenants), {
        fromMonth: monthsBack(args.now, 11),
        toMonth: monthsBack(args.now, 0),
      }),
  };
  const timings: Timings = Object.fromEntries(Object.keys(queries).map((name) => [name, []]));
  for (let round = -20; round < samples; round += 1) {
    for (const [name, query] of Object.entries(queries)) {
      const started = process.hrtime.bigint();
      await query();
      if (round >= 0) timings[name]?.push(seconds(started) * 1000);
    }
  }
  return timings;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

interface ResultRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  baselineName: string;
  ratio: number;
  target: string | null;
  pass: boolean | null;
}

const main = async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-projections-'));
  const database = await startEmbeddedDatabase({ dataDir: path.join(dataDir, 'postgres'), throwaway: true });
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 16 });
  pool.on('error', () => undefined);
  const db = new Kysely<DashboardTables>({ dialect: new PostgresDialect({ pool }) });
  const anyDb = db as unknown as Kysely<unknown>;
  try {
    await migrateEventStore({ connectionString: database.connectionString });
    // The app's own store (personal data encrypted), so the benchmark measures the path the app runs.
    const store = createAppEventStore(pool);

    await seedTo(store, 0, smallTenants);
    const smallEvents = await countEvents(anyDb);
    await rebuildAll(anyDb, store);
    await sql`analyze`.execute(db);
    const args = await pickArguments(db);
    status(`timing queries at ${number.format(smallEvents)} events`);
    const small = await timeQueries(db, args);

    await seedTo(store, smallTenants, largeTenants - smallTenants);
    const largeEvents = await countEvents(anyDb);
    const rebuildSeconds = await rebuildAll(anyDb, store);
    status(`rebuilt ${number.format(largeEvents)} events in ${rebuildSeconds.toFixed(1)} s\n`);
    const baseline = await baselineRun(anyDb, store, allProjections);
    status(
      `baseline: ${number.format(largeEvents)} events, ${number.format(baseline.rows)} rows in ${baseline.elapsed.toFixed(1)} s\n`,
    );
    await sql`analyze`.execute(db);
    status(`timing queries at ${number.format(largeEvents)} events`);
    const large = await timeQueries(db, args);
    process.stderr.write('\n');

    const rebuildRate = largeEvents / rebuildSeconds;
    const baselineRate = largeEvents / baseline.elapsed;
    const rows: ResultRow[] = [
      {
        name: `rebuild all projections, ${number.format(largeEvents)} events`,
        value: Math.round(rebuildRate),
        unit: 'events/s',
        baseline: Math.round(baselineRate),
        baselineName: `read the same events with the same driver, write ${number.format(baseline.rows)} rows of the same shapes with multi-row INSERTs`,
        ratio: Number((rebuildRate / baselineRate).toFixed(3)),
        target: '>= 0.3',
        pass: rebuildRate / baselineRate >= 0.3,
      },
    ];
    for (const name of Object.keys(small)) {
      for (const p of [50, 95]) {
        const at100k = percentile(small[name] ?? [], p);
        const at1m = percentile(large[name] ?? [], p);
        rows.push({
          name: `${name} p${p}`,
          value: Number(at1m.toFixed(2)),
          unit: `ms at ${number.format(largeEvents)} events`,
          baseline: Number(at100k.toFixed(2)),
          baselineName: `the same queries at ${number.format(smallEvents)} events`,
          ratio: Number((at1m / at100k).toFixed(3)),
          target: p === 95 ? '<= 1.5' : null,
          pass: p === 95 ? at1m <= 1.5 * at100k : null,
        });
      }
    }
    await mkdir('bench/results', { recursive: true });
    await writeFile('bench/results/projections.json', `${JSON.stringify({ rows }, null, 2)}\n`);
    console.log('| row | value | unit | baseline | ratio | target |');
    console.log('| --- | ---: | --- | ---: | ---: | ---: |');
    for (const row of rows)
      console.log(
        `| ${row.name} | ${number.format(row.value)} | ${row.unit} | ${number.format(row.baseline)} | ${row.ratio.toFixed(2)} | ${row.target ?? ''} |`,
      );
    if (rows.some((row) => row.pass === false)) process.exitCode = 1;
  } finally {
    await db.destroy();
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

await main();
