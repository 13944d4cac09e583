import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../app/embedded-database.js';
import { type ChainedEvent, digestOf, linkOf } from '../audit/chain-link.js';
import { verifyChains } from '../audit/verify.js';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  type NewEvent,
} from '../event-store/index.js';

// The verify rate is a ratio against a baseline measured in the same run: the same chain work (canonical
// digest and link of every event, checked against the stored hash) over the same events already in memory,
// so the ratio is what reading the log from PostgreSQL costs the verification.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const secondsPerCase = Number(process.env.BENCH_SECONDS ?? 2);
const eventCount = Number(process.env.BENCH_AUDIT_EVENTS ?? 200_000);
const streamCount = Number(process.env.BENCH_AUDIT_STREAMS ?? 4000);
const tenantCount = 10;
// Each append writes this many events to one stream; streams take turns, so the log interleaves them.
const eventsPerAppend = 10;
const seedConcurrency = 8;
const target = 0.3;

const tenants = Array.from({ length: tenantCount }, () => randomUUID());

const event = (tenantId: string, deviceId: string): NewEvent => ({
  id: randomUUID(),
  type: 'DeviceAssigned',
  data: {
    deviceId,
    personId: randomUUID(),
    assignedAt: new Date().toISOString(),
    condition: 'good',
    note: 'Handed over at the office with charger and docking station',
  },
  metadata: {
    tenantId,
    actor: { id: randomUUID(), role: 'technician' },
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  },
});

/** Appends `eventCount` events over `streamCount` streams through the store, in batches and in parallel. */
const seed = async (store: EventStore) => {
  const streams = Array.from({ length: streamCount }, (_, i) => ({
    name: `device-${randomUUID()}`,
    deviceId: randomUUID(),
    tenantId: tenants[i % tenantCount] as string,
  }));
  const appends = Math.ceil(eventCount / eventsPerAppend);
  let taken = 0;
  await Promise.all(
    Array.from({ length: seedConcurrency }, async () => {
      for (let call = taken++; call < appends; call = taken++) {
        const stream = streams[call % streams.length];
        if (!stream) throw new Error('no stream');
        const size = Math.min(eventsPerAppend, eventCount - call * eventsPerAppend);
        const batch = Array.from({ length: size }, () => event(stream.tenantId, stream.deviceId));
        // 'any': two workers share a stream only when there are fewer streams than workers.
        await store.appendToStream(stream.name, batch, { expectedRevision: 'any' });
      }
    }),
  );
};

/** Repeats whole passes until the time is up (at least one); returns events per second. */
const measure = async (pass: () => Promise<number>): Promise<number> => {
  const until = Date.now() + secondsPerCase * 1000;
  let events = 0;
  const started = process.hrtime.bigint();
  do events += await pass();
  while (Date.now() < until);
  return events / (Number(process.hrtime.bigint() - started) / 1e9);
};

/** One verification of every chain, reading the log from PostgreSQL. */
const verifyPass = (store: EventStore) => async () => {
  const report = await verifyChains(store);
  if (!report.ok || report.events !== eventCount) {
    throw new Error(`verify found ${report.problems.length} problems in ${report.events} events`);
  }
  return report.events;
};

/** The same chain work over the events already in memory: digest, link, compare, per stream's last link. */
const hashPass = (events: readonly ChainedEvent[]) => async () => {
  const heads = new Map<string, Buffer>();
  let checked = 0;
  for (const event of events) {
    const link = linkOf(
      heads.get(event.streamName) ?? null,
      event.streamRevision,
      digestOf(event.streamName, event),
    );
    if (link.toString('hex') !== event.hash) throw new Error(`chain broken at ${event.id}`);
    heads.set(event.streamName, link);
    checked += 1;
  }
  return checked;
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

interface Row {
  name: string;
  eventsPerSecond: number;
  baseline: string;
  baselineEventsPerSecond: number;
  ratio: number;
  target: number;
}

/** Alternates which side goes first, round after round, so drift hits both; the ratio is the rounds' median. */
const paired = async (run: () => Promise<number>, base: () => Promise<number>) => {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      theirs.push(await measure(base));
      ours.push(await measure(run));
    } else {
      ours.push(await measure(run));
      theirs.push(await measure(base));
    }
    console.log(
      `round ${round + 1}: verify ${Math.round(ours.at(-1) ?? 0)}, hashing ${Math.round(theirs.at(-1) ?? 0)} events/s`,
    );
  }
  return {
    eventsPerSecond: median(ours),
    baselineEventsPerSecond: median(theirs),
    ratio: median(ours.map((value, i) => value / (theirs[i] as number))),
  };
};

const main = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'it-ops-bench-audit-'));
  const database = await startEmbeddedDatabase({ dataDir: path.join(dir, 'postgres'), throwaway: true });
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 10 });
  const store = createPostgresEventStore({ pool });
  try {
    await migrateEventStore({ pool });
    const { rows: settings } = await pool.query(
      "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'server_version') order by name",
    );
    console.log(
      `PostgreSQL ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')}; ${rounds} rounds x ${secondsPerCase} s`,
    );
    const seeding = Date.now();
    await seed(store);
    await pool.query('vacuum analyze es_events');
    console.log(
      `seeded ${eventCount} events over ${streamCount} streams in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
    );

    // The baseline's events, read once and kept: what the store gives a reader, hash included.
    const events: ChainedEvent[] = [];
    for await (const e of store.readAll()) events.push(e);

    const measured = await paired(verifyPass(store), hashPass(events));
    const row: Row = {
      name: 'verify',
      ...measured,
      baseline: `digest and link of the same ${eventCount} events in memory`,
      target,
    };

    console.log('');
    console.log('| row | events/s | baseline | baseline events/s | ratio | target |');
    console.log('| --- | ---: | --- | ---: | ---: | ---: |');
    console.log(
      `| ${row.name} | ${Math.round(row.eventsPerSecond)} | ${row.baseline} | ${Math.round(row.baselineEventsPerSecond)} | ${row.ratio.toFixed(2)} | >= ${row.target} |`,
    );
    const results = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    await mkdir(results, { recursive: true });
    const rounded = {
      ...row,
      eventsPerSecond: Math.round(row.eventsPerSecond),
      baselineEventsPerSecond: Math.round(row.baselineEventsPerSecond),
      ratio: Number(row.ratio.toFixed(3)),
    };
    await writeFile(
      path.join(results, 'audit.json'),
      `${JSON.stringify({ events: eventCount, streams: streamCount, rows: [rounded] }, null, 2)}\n`,
    );
    if (row.ratio < row.target) {
      console.error(`Below target: ${row.name}`);
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
