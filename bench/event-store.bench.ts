import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../app/embedded-database.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  type NewEvent,
} from '../event-store/index.js';

// Every figure is a ratio against a baseline measured on the same server in the same run: the store's
// operation against the plainest SQL doing the same writes or reads on an events-shaped table.
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const secondsPerCase = Number(process.env.BENCH_SECONDS ?? 2);
const catchUpEvents = Number(process.env.BENCH_CATCH_UP_EVENTS ?? 200_000);
const pageSize = 1000;

const event = (): NewEvent => ({
  id: randomUUID(),
  type: 'DeviceAssigned',
  data: {
    deviceId: randomUUID(),
    personId: randomUUID(),
    assignedAt: new Date().toISOString(),
    condition: 'good',
    note: 'Handed over at the office with charger and docking station',
  },
  metadata: {
    tenantId: randomUUID(),
    actor: { id: randomUUID(), role: 'technician' },
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  },
});

// The baseline table is a copy of es_events (columns, identity, every index), so both sides maintain the
// same indexes; only the transaction id comes from a default instead of the statement.
const baselineTable = `
create table bench_events (like es_events including all);
alter table bench_events alter column transaction_id set default pg_current_xact_id();
-- The plain INSERT stores rows as wide as the store's, with fixed digest and hash: no chain is computed.
alter table bench_events alter column digest set default decode(repeat('ab', 32), 'hex'),
  alter column hash set default decode(repeat('cd', 32), 'hex')`;

/** Runs `work` on `concurrency` workers until the time is up; returns events per second. */
const measure = async (
  concurrency: number,
  eventsPerCall: number,
  work: (worker: number, call: number) => Promise<unknown>,
): Promise<number> => {
  const until = Date.now() + secondsPerCase * 1000;
  let calls = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let call = 0; Date.now() < until; call += 1) {
        await work(worker, call);
        calls += 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (calls * eventsPerCall) / seconds;
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Runs the baseline and the store in alternating order, round after round, so that drift in the
 * machine's speed (a noisy neighbour, the disk's flush latency) hits both alike; the ratio is the median
 * of the rounds' ratios.
 */
const paired = async (
  name: string,
  baseline: string,
  target: number,
  run: () => Promise<number>,
  base: () => Promise<number>,
): Promise<Row> => {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      theirs.push(await base());
      ours.push(await run());
    } else {
      ours.push(await run());
      theirs.push(await base());
    }
  }
  return {
    name,
    eventsPerSecond: median(ours),
    baseline,
    baselineEventsPerSecond: median(theirs),
    ratio: median(ours.map((value, i) => value / (theirs[i] as number))),
    target,
  };
};

interface Row {
  name: string;
  eventsPerSecond: number;
  baseline: string;
  baselineEventsPerSecond: number;
  ratio: number;
  target: number;
}

/** Streams per worker: each call writes the next revision of one of them, as commands do. */
const streamsFor = (prefix: string, concurrency: number) =>
  Array.from({ length: concurrency }, (_, w) =>
    Array.from({ length: 50 }, (_, s) => `${prefix}-${w}-${s}-${randomUUID()}`),
  );

const insertRow = (stream: string, revision: number, e: NewEvent) => [
  e.id,
  stream,
  revision,
  e.type,
  JSON.stringify(e.data),
  JSON.stringify(e.metadata),
];

const singleInsert = (pool: pg.Pool, concurrency: number) => {
  const streams = streamsFor('baseline', concurrency);
  return (worker: number, call: number) => {
    const own = streams[worker] as string[];
    const stream = own[call % own.length] as string;
    return pool.query({
      name: 'bench_insert_1',
      text: 'insert into bench_events (id, stream_name, stream_revision, type, data, metadata) values ($1, $2, $3, $4, $5, $6)',
      values: insertRow(stream, Math.floor(call / own.length), event()),
    });
  };
};

const storeAppend = (store: EventStore, concurrency: number, batch: number) => {
  const streams = streamsFor('device', concurrency);
  const revisions = new Map<string, bigint>();
  return async (worker: number, call: number) => {
    const own = streams[worker] as string[];
    const stream = own[call % own.length] as string;
    const result = await store.appendToStream(stream, Array.from({ length: batch }, event), {
      expectedRevision: revisions.get(stream) ?? 'no_stream',
    });
    revisions.set(stream, result.nextExpectedRevision);
  };
};

const multiInsert = (pool: pg.Pool, batch: number) => {
  const placeholders = Array.from({ length: batch }, (_, i) => {
    const p = i * 6;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
  }).join(', ');
  const text = `insert into bench_events (id, stream_name, stream_revision, type, data, metadata) values ${placeholders}`;
  return (_worker: number, _call: number) => {
    const stream = `baseline-batch-${randomUUID()}`;
    const values = Array.from({ length: batch }, (_, i) => insertRow(stream, i, event())).flat();
    return pool.query({ name: `bench_insert_${batch}`, text, values });
  };
};

/** The raw scan: keyset pages over the same table, order and page size, rows left as the driver gives them. */
const rawScan = async (pool: pg.Pool, count: number) => {
  let after = ['0', '0'];
  let read = 0;
  const started = process.hrtime.bigint();
  while (read < count) {
    const { rows } = await pool.query({
      name: 'bench_scan',
      text: `select id, type, data, metadata, stream_name, stream_revision, global_position, transaction_id, recorded_at
        from es_events where (transaction_id, global_position) > ($1::xid8, $2::bigint)
        order by transaction_id, global_position limit $3`,
      values: [after[0], after[1], pageSize],
    });
    if (rows.length === 0) break;
    read += rows.length;
    const last = rows.at(-1);
    after = [last.transaction_id, last.global_position];
  }
  return read / (Number(process.hrtime.bigint() - started) / 1e9);
};

const catchUp = (store: EventStore, count: number) =>
  new Promise<number>((resolve, reject) => {
    let read = 0;
    const started = process.hrtime.bigint();
    const subscription = store.subscribeToAll().subscribe({
      next: () => {
        read += 1;
        if (read === count) {
          subscription.unsubscribe();
          resolve(count / (Number(process.hrtime.bigint() - started) / 1e9));
        }
      },
      error: reject,
    });
  });

const main = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'it-ops-bench-'));
  const database = await startEmbeddedDatabase({ dataDir: path.join(dir, 'postgres'), throwaway: true });
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 10 });
  const store = createPostgresEventStore({ pool, pageSize });
  try {
    await migrateEventStore({ pool });
    await pool.query(baselineTable);
    const { rows: settings } = await pool.query(
      "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'server_version') order by name",
    );
    console.log(
      `PostgreSQL ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')}; ${rounds} rounds x ${secondsPerCase} s`,
    );

    const cases: Array<{
      name: string;
      baseline: string;
      target: number;
      run: () => Promise<number>;
      base: () => Promise<number>;
    }> = [
      {
        name: 'append-1-c1',
        baseline: 'single-row INSERT, concurrency 1',
        target: 0.7,
        run: () => measure(1, 1, storeAppend(store, 1, 1)),
        base: () => measure(1, 1, singleInsert(pool, 1)),
      },
      {
        name: 'append-1-c8',
        baseline: 'single-row INSERT, concurrency 8',
        target: 0.7,
        run: () => measure(8, 1, storeAppend(store, 8, 1)),
        base: () => measure(8, 1, singleInsert(pool, 8)),
      },
      {
        name: 'append-100-c1',
        baseline: '100-row INSERT, concurrency 1',
        target: 0.5,
        run: () => measure(1, 100, storeAppend(store, 1, 100)),
        base: () => measure(1, 100, multiInsert(pool, 100)),
      },
    ];

    const rows: Row[] = [];
    for (const c of cases) {
      rows.push(await paired(c.name, c.baseline, c.target, c.run, c.base));
      const row = rows.at(-1) as Row;
      console.log(
        `${c.name}: ${Math.round(row.eventsPerSecond)} vs ${Math.round(row.baselineEventsPerSecond)} events/s`,
      );
    }

    const { rows: counted } = await pool.query<{ n: string }>('select count(*) as n from es_events');
    const missing = catchUpEvents - Number(counted[0]?.n ?? 0);
    const fill = storeAppend(store, 1, 100);
    for (let call = 0; call * 100 < missing; call += 1) await fill(0, call);
    const { rows: total } = await pool.query<{ n: string }>('select count(*) as n from es_events');
    const scanCount = Number(total[0]?.n);
    rows.push(
      await paired(
        'catch-up',
        `raw keyset SELECT scan, page ${pageSize}, ${scanCount} events`,
        0.5,
        () => catchUp(store, scanCount),
        () => rawScan(pool, scanCount),
      ),
    );

    console.log('');
    console.log('| row | events/s | baseline | baseline events/s | ratio | target |');
    console.log('| --- | ---: | --- | ---: | ---: | ---: |');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${Math.round(r.eventsPerSecond)} | ${r.baseline} | ${Math.round(r.baselineEventsPerSecond)} | ${r.ratio.toFixed(2)} | >= ${r.target} |`,
      );
    }
    const results = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    await mkdir(results, { recursive: true });
    const rounded = rows.map((r) => ({
      ...r,
      eventsPerSecond: Math.round(r.eventsPerSecond),
      baselineEventsPerSecond: Math.round(r.baselineEventsPerSecond),
      ratio: Number(r.ratio.toFixed(3)),
    }));
    await writeFile(
      path.join(results, 'event-store.json'),
      `${JSON.stringify({ rows: rounded }, null, 2)}\n`,
    );
    const failed = rows.filter((r) => r.ratio < r.target);
    if (failed.length > 0) {
      console.error(`Below target: ${failed.map((r) => r.name).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await store.close();
    await pool.end();
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
