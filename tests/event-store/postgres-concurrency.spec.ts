import { expect } from 'chai';
import pg from 'pg';
import type { Subscription } from 'rxjs';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../../event-store/index.js';
import { appendWith } from '../../event-store/postgres/index.js';
import { createTestDatabase } from '../support/database.js';
import { collect, newEvent, seededRandom } from '../support/events.js';

// CONCURRENCY_SEED replays one failing run; CONCURRENCY_RUNS sets how many seeded runs the spec makes.
const firstSeed = Number(process.env.CONCURRENCY_SEED ?? 1);
const runs = Number(process.env.CONCURRENCY_RUNS ?? (process.env.CONCURRENCY_SEED ? 1 : 20));
const writers = 8;
const operationsPerWriter = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunOutcome {
  committed: Set<string>;
  rolledBack: Set<string>;
}

/**
 * Eight writers on shared and private streams: autocommit appends, transactions held open before they
 * commit or roll back, and transactions that only hold an old transaction id open (delaying readers).
 */
const writeConcurrently = async (store: EventStore, pool: pg.Pool, seed: number): Promise<RunOutcome> => {
  const random = seededRandom(seed);
  const committed = new Set<string>();
  const rolledBack = new Set<string>();
  const shared = ['device-shared-0', 'device-shared-1', 'device-shared-2'];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const streamsOf = (writer: number) => [...shared, `person-own-${writer}-0`, `person-own-${writer}-1`];
  const batch = () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => newEvent('DeviceNoted'));

  const plans = Array.from({ length: writers }, (_, writer) =>
    Array.from({ length: operationsPerWriter }, () => {
      const roll = random();
      const kind = roll < 0.55 ? 'append' : roll < 0.9 ? 'transaction' : 'hold-horizon';
      const streams = [pick(streamsOf(writer)), pick(streamsOf(writer))].sort();
      return {
        kind,
        streams,
        batches: streams.map(batch),
        holdMs: Math.floor(random() * 25),
        commit: random() < 0.7,
      };
    }),
  );

  await Promise.all(
    plans.map(async (plan) => {
      for (const step of plan) {
        if (step.kind === 'append') {
          const stream = step.streams[0] as string;
          const events = step.batches[0] ?? [];
          await store.appendToStream(stream, events, { expectedRevision: 'any' });
          for (const event of events) committed.add(event.id);
          continue;
        }
        const client = await pool.connect();
        try {
          await client.query('begin');
          if (step.kind === 'hold-horizon') {
            await client.query('select pg_current_xact_id()');
            await sleep(step.holdMs);
            await client.query('commit');
            continue;
          }
          let usable = true;
          const written: string[] = [];
          for (const [i, stream] of step.streams.entries()) {
            const events = step.batches[i] ?? [];
            const outcome = await appendWith(client, stream, events, 'any');
            written.push(...events.map((e) => e.id));
            // Another writer won this stream: the transaction can only be rolled back.
            if (outcome.outcome !== 'appended') {
              usable = false;
              break;
            }
          }
          await sleep(step.holdMs);
          if (usable && step.commit) {
            await client.query('commit');
            for (const id of written) committed.add(id);
          } else {
            await client.query('rollback');
            for (const id of written) rolledBack.add(id);
          }
        } finally {
          client.release();
        }
      }
    }),
  );
  return { committed, rolledBack };
};

describe('PostgreSQL event store under concurrent writers', function () {
  this.timeout(120_000);

  for (let seed = firstSeed; seed < firstSeed + runs; seed += 1) {
    it(`delivers every committed event exactly once, in log order (seed ${seed})`, async () => {
      const connectionString = await createTestDatabase('concurrency');
      await migrateEventStore({ connectionString });
      const pool = new pg.Pool({ connectionString, max: writers + 2 });
      const store = createPostgresEventStore({ connectionString, pageSize: 50 });
      const received: RecordedEvent[] = [];
      let failure: unknown;
      let subscription: Subscription | undefined;
      try {
        subscription = store.subscribeToAll().subscribe({
          next: (event) => received.push(event),
          error: (error: unknown) => {
            failure = error;
          },
        });
        const { committed, rolledBack } = await writeConcurrently(store, pool, seed);

        const deadline = Date.now() + 20_000;
        while (received.length < committed.size && Date.now() < deadline && !failure) await sleep(20);
        await sleep(100); // anything extra (a duplicate, a rolled-back event) would arrive now
        expect(failure, 'subscription failed').to.equal(undefined);

        const ids = received.map((e) => e.id);
        expect(new Set(ids).size, 'no event delivered twice').to.equal(ids.length);
        expect([...ids].sort(), 'exactly the committed events').to.deep.equal([...committed].sort());
        expect(
          ids.filter((id) => rolledBack.has(id)),
          'nothing from a rolled-back append',
        ).to.deep.equal([]);

        const checkpoints = received.map((e) => e.checkpoint);
        for (let i = 1; i < checkpoints.length; i += 1) {
          expect(
            (checkpoints[i] as string) > (checkpoints[i - 1] as string),
            `checkpoint order at ${i}`,
          ).to.equal(true);
        }
        const log = await collect(store.readAll());
        expect(ids, 'subscription order equals readAll order').to.deep.equal(log.map((e) => e.id));

        const revisions = new Map<string, bigint[]>();
        for (const event of received) {
          revisions.set(event.streamName, [...(revisions.get(event.streamName) ?? []), event.streamRevision]);
        }
        for (const [stream, seen] of revisions) {
          expect(seen, `revisions of ${stream}`).to.deep.equal(seen.map((_, i) => BigInt(i)));
        }
        expect(committed.size).to.be.greaterThan(100);
        expect(rolledBack.size).to.be.greaterThan(0);
      } finally {
        subscription?.unsubscribe();
        await store.close();
        await pool.end();
      }
    });
  }

  it('refuses a stale expected revision inside a transaction without writing anything', async () => {
    const connectionString = await createTestDatabase('concurrency');
    await migrateEventStore({ connectionString });
    const pool = new pg.Pool({ connectionString });
    const store = createPostgresEventStore({ pool });
    try {
      await store.appendToStream('device-a', [newEvent()], { expectedRevision: 'no_stream' });
      const client = await pool.connect();
      try {
        await client.query('begin');
        const error = await appendWith(client, 'device-a', [newEvent()], 5n).catch((e: unknown) => e);
        await client.query('commit');
        expect(error).to.be.instanceOf(WrongExpectedRevisionError);
      } finally {
        client.release();
      }
      expect(await collect(store.readStream('device-a'))).to.have.length(1);
    } finally {
      await store.close();
      await pool.end();
    }
  });
});
