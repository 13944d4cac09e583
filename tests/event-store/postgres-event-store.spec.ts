import { expect } from 'chai';
import pg from 'pg';
import {
  createPostgresEventStore,
  type EventStore,
  InvalidAppendError,
  migrateEventStore,
  type RecordedEvent,
} from '../../event-store/index.js';
import { appendWith } from '../../event-store/postgres/index.js';
import { createTestDatabase } from '../support/database.js';
import { collect, newEvent, newStream, receive } from '../support/events.js';

/** What only the PostgreSQL adapter promises, beyond the shared contract. */
describe('PostgreSQL event store', () => {
  let connectionString: string;
  let pool: pg.Pool;
  const stores: EventStore[] = [];
  const open = (options: { pollIntervalMs?: number } = {}) => {
    const store = createPostgresEventStore({ connectionString, ...options });
    stores.push(store);
    return store;
  };

  before(async () => {
    connectionString = await createTestDatabase('postgres');
    await migrateEventStore({ connectionString });
    pool = new pg.Pool({ connectionString });
    pool.on('error', () => undefined);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  after(async () => {
    await pool.end();
  });

  describe('hash chain', () => {
    it('refuses a row written without its digest and hash, which would stand outside the chain', async () => {
      const failure = await pool
        .query(
          `insert into es_events (transaction_id, id, stream_name, stream_revision, type, data, metadata)
           values (pg_current_xact_id(), gen_random_uuid(), $1, 0, 'DeviceRegistered', '{}', '{}')`,
          [newStream()],
        )
        .then(
          () => undefined,
          (error: unknown) => error as Error,
        );

      expect(failure?.message).to.match(/null value in column "(digest|hash)"/);
    });

    it('chains the events stored before the chain existed when the store is migrated again', async () => {
      const store = open();
      const [a, b] = [newStream(), newStream()];
      await store.appendToStream(a, [newEvent('DeviceRegistered', { tag: 'old' }), newEvent()], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(b, [newEvent()], { expectedRevision: 'no_stream' });
      const chained = await collect(store.readStream(a));
      // As a store written by an older version would hold them: no digest, no hash.
      await pool.query(
        'alter table es_events alter column digest drop not null, alter column hash drop not null',
      );
      await pool.query('update es_events set digest = null, hash = null where stream_name = any($1)', [
        [a, b],
      ]);
      expect((await collect(store.readStream(a))).map((event) => event.hash)).to.deep.equal([
        undefined,
        undefined,
      ]);

      await migrateEventStore({ connectionString });

      expect((await collect(store.readStream(a))).map((event) => event.hash)).to.deep.equal(
        chained.map((event) => event.hash),
      );
      expect((await collect(store.readStream(b)))[0]?.hash).to.match(/^[0-9a-f]{64}$/);
      const { rows } = await pool.query(
        "select is_nullable from information_schema.columns where table_name = 'es_events' and column_name = 'hash'",
      );
      expect(rows[0]?.is_nullable).to.equal('NO');
      await store.appendToStream(a, [newEvent()], { expectedRevision: 1n });
      expect(await collect(store.readStream(a))).to.have.length(3);
    });
  });

  it('wakes a subscriber in another process by NOTIFY, without waiting for a poll', async () => {
    const reader = open({ pollIntervalMs: 60_000 });
    const writer = open({ pollIntervalMs: 60_000 });
    const stream = newStream();
    const received = receive(reader.subscribeToAll(), [stream], 2, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writer.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
    await writer.appendToStream(stream, [newEvent()], { expectedRevision: 0n });
    expect((await received).map((e) => e.streamRevision)).to.deep.equal([0n, 1n]);
  });

  it('finds events no one announced by polling', async () => {
    const reader = open({ pollIntervalMs: 100 });
    const stream = newStream();
    const received = receive(reader.subscribeToAll(), [stream], 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // appendWith on a bare connection sends no NOTIFY: only the polling fallback can find this event.
    const outcome = await appendWith(pool, stream, [newEvent()], 'no_stream');
    expect(outcome.outcome).to.equal('appended');
    expect(await received).to.have.length(1);
  });

  it('holds back events committed after an older transaction that is still open, then delivers both in order', async () => {
    const reader = open({ pollIntervalMs: 60_000 });
    const writer = open();
    const late = newStream();
    const early = newStream();
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll().subscribe((event) => {
      if (event.streamName === late || event.streamName === early) received.push(event);
    });
    const client = await pool.connect();
    try {
      await client.query('begin');
      await appendWith(client, late, [newEvent()], 'no_stream'); // older transaction id, not committed yet
      await writer.appendToStream(early, [newEvent()], { expectedRevision: 'no_stream' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received, 'nothing may pass the open transaction').to.deep.equal([]);
      expect(
        await collect(writer.readAll({ after: undefined })).then((all) =>
          all.filter((e) => e.streamName === early),
        ),
      ).to.deep.equal([]);
      await client.query('commit');
    } finally {
      client.release();
    }
    await writer.appendToStream(newStream(), [newEvent()], { expectedRevision: 'no_stream' }); // announces
    const deadline = Date.now() + 5_000;
    while (received.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.unsubscribe();
    expect(received.map((e) => e.streamName)).to.deep.equal([late, early]);
  });

  it('never delivers events of a rolled-back transaction', async () => {
    const reader = open({ pollIntervalMs: 100 });
    const writer = open();
    const rolledBack = newStream();
    const kept = newStream();
    const client = await pool.connect();
    try {
      await client.query('begin');
      await appendWith(client, rolledBack, [newEvent()], 'no_stream');
      await client.query('rollback');
    } finally {
      client.release();
    }
    await writer.appendToStream(kept, [newEvent()], { expectedRevision: 'no_stream' });
    const received = await receive(reader.subscribeToAll(), [rolledBack, kept], 1);
    expect(received.map((e) => e.streamName)).to.deep.equal([kept]);
    expect(await collect(writer.readStream(rolledBack))).to.deep.equal([]);
    // the stream is still free: its first revision was never taken
    const result = await writer.appendToStream(rolledBack, [newEvent()], { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).to.equal(0n);
  });

  it('refuses an event id already stored in another stream, storing nothing', async () => {
    const store = open();
    const event = newEvent();
    const first = newStream();
    const second = newStream();
    await store.appendToStream(first, [event], { expectedRevision: 'no_stream' });
    for (const expectedRevision of ['any', 'no_stream'] as const) {
      const error = await store
        .appendToStream(second, [event], { expectedRevision })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidAppendError);
    }
    expect(await collect(store.readStream(second))).to.deep.equal([]);
  });

  it('refuses a batch that repeats only part of an earlier append', async () => {
    const store = open();
    const stream = newStream();
    const stored = newEvent();
    await store.appendToStream(stream, [stored], { expectedRevision: 'no_stream' });
    const error = await store
      .appendToStream(stream, [stored, newEvent()], { expectedRevision: 'no_stream' })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidAppendError);
    expect(await collect(store.readStream(stream))).to.have.length(1);
  });

  it('answers the same result to concurrent retries of one append and stores it once', async () => {
    const store = open();
    const stream = newStream();
    const events = [newEvent(), newEvent()];
    const results = await Promise.all(
      Array.from({ length: 6 }, () => store.appendToStream(stream, events, { expectedRevision: 'any' })),
    );
    expect(new Set(results.map((r) => `${r.nextExpectedRevision}/${r.checkpoint}`)).size).to.equal(1);
    expect(await collect(store.readStream(stream))).to.have.length(2);
  });

  it('pages through a long stream and a long log with keyset reads', async () => {
    const store = createPostgresEventStore({ connectionString, pageSize: 7 });
    stores.push(store);
    const stream = newStream();
    const events = Array.from({ length: 30 }, (_, i) => newEvent('DeviceNoted', { i }));
    await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    const read = await collect(store.readStream(stream, { fromRevision: 2n, maxCount: 20 }));
    expect(read.map((e) => e.data.i)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 2));
    const log = (await collect(store.readAll())).filter((e) => e.streamName === stream);
    expect(log.map((e) => e.data.i)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
  });
});
