import { randomUUID } from 'node:crypto';
import type { AllStreamResolvedEvent, EventStoreDBClient } from '@eventstore/db-client';
import {
  ANY,
  jsonEvent,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { expect } from 'chai';
import { firstValueFrom, toArray } from 'rxjs';
import { verifyChains } from '../../audit/verify.js';
import { chainHash, eventDigest } from '../../event-store/hash-chain.js';
import {
  createEventStoreDbEventStore,
  type EventStore,
  InvalidAppendError,
  type RecordedEvent,
} from '../../event-store/index.js';
import { onlyProblemOf, seedTenant } from '../audit/audit-fixtures.js';
import { collect, newEvent, newStream, receive } from '../support/events.js';
import { eventStoreContract } from './event-store-contract.js';
import { createEsdbModel, type StoredRecord } from './support/esdb-model-client.js';

// The real-server run (eventstoredb.spec.ts) needs EVENTSTORE_URL; this one runs the adapter on a model of the server.
eventStoreContract('EventStoreDB on an in-process model of the server', async () =>
  createEventStoreDbEventStore({ client: createEsdbModel().client }),
);

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const parsed = (bytes: Uint8Array) => JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
const encoded = (value: unknown) => encoder.encode(JSON.stringify(value));

/**
 * The model's client with every append the server refuses counted, and `beforeFirstAppend` run just before the
 * first append reaches the server: after the adapter has read the head it chains on.
 */
const instrumented = (client: EventStoreDBClient, beforeFirstAppend?: () => Promise<unknown>) => {
  const seen = { refused: 0 };
  let first = true;
  const append: EventStoreDBClient['appendToStream'] = async (...args) => {
    if (first && beforeFirstAppend) {
      first = false;
      await beforeFirstAppend();
    }
    return client.appendToStream(...args).catch((error: unknown) => {
      if (error instanceof WrongExpectedVersionError) seen.refused += 1;
      throw error;
    });
  };
  const wrapped = new Proxy(client, {
    get: (target, key, receiver) => (key === 'appendToStream' ? append : Reflect.get(target, key, receiver)),
  });
  return { client: wrapped, seen };
};

describe('The EventStoreDB adapter on the model of the server', () => {
  let model: ReturnType<typeof createEsdbModel>;
  let store: EventStore;
  beforeEach(() => {
    model = createEsdbModel();
    store = createEventStoreDbEventStore({ client: model.client });
  });
  afterEach(async () => {
    await store.close();
  });

  describe('hash chain', () => {
    const verifyAll = () => verifyChains(store);
    const onlyProblem = (tenantId: string) => onlyProblemOf(store, tenantId);

    it('gives every event read the hash the chain computes for its stream, so that a clean log verifies', async () => {
      const tenant = await seedTenant(store);
      const events = (await collect(store.readAll())).filter((e) => e.metadata.tenantId === tenant.tenantId);
      expect(events).to.have.length(11);
      const heads = new Map<string, string>();
      for (const event of events) {
        const expected = chainHash(
          heads.get(event.streamName) ?? null,
          event.streamRevision,
          eventDigest(event.streamName, event),
        );
        expect(event.hash, `${event.streamName}@${event.streamRevision}`).to.equal(expected);
        heads.set(event.streamName, expected);
      }
      for (const stream of [tenant.device, tenant.other, tenant.ticket]) {
        const read = await collect(store.readStream(stream));
        expect(read.map((e) => e.hash)).to.deep.equal(
          events.filter((e) => e.streamName === stream).map((e) => e.hash),
        );
      }
      expect(await verifyChains(store, { tenantId: tenant.tenantId })).to.deep.include({
        ok: true,
        events: 11,
        streams: 3,
        problems: [],
      });
    });

    it('stores the link in the metadata field chainHash and hands it to readers as hash, never in metadata', async () => {
      const stream = newStream();
      const event = newEvent();
      const live = receive(store.subscribeToAll(), [stream], 1);
      await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
      const [fromStream] = await collect(store.readStream(stream));
      const fromAll = (await collect(store.readAll())).find((e) => e.id === event.id);
      const [fromSubscription] = await live;
      const stored = parsed((model.server.records(stream)[0] as StoredRecord).metadata);

      expect(stored.chainHash).to.be.a('string').and.equal(fromStream?.hash);
      for (const read of [fromStream, fromAll, fromSubscription]) {
        expect(read?.hash).to.equal(stored.chainHash);
        expect(read?.metadata).to.deep.equal(event.metadata);
        expect(read?.metadata).not.to.have.property('chainHash');
      }
    });

    describe('with stored bytes changed behind the adapter', () => {
      let tenant: Awaited<ReturnType<typeof seedTenant>>;
      beforeEach(async () => {
        tenant = await seedTenant(store);
        expect((await verifyChains(store, { tenantId: tenant.tenantId })).ok).to.equal(true);
      });
      const idAt = (stream: string, revision: number) =>
        (model.server.records(stream).find((r) => r.revision === BigInt(revision)) as StoredRecord).id;

      it('names an event whose data was changed as altered, with its revision, id and checkpoint', async () => {
        const id = idAt(tenant.device, 2);
        model.server.edit(tenant.device, 2n, (record) => {
          record.data = encoded({ ...parsed(record.data), personId: 'p-9' });
        });
        const problem = await onlyProblem(tenant.tenantId);
        expect(problem).to.include({ kind: 'altered', stream: tenant.device, revision: 2n, eventId: id });
        expect(problem.checkpoint).to.match(/^\d{20}:\d{20}$/);
      });

      it('names an event whose metadata (the actor) was changed, its chainHash kept, as altered', async () => {
        model.server.edit(tenant.ticket, 1n, (record) => {
          record.metadata = encoded({
            ...parsed(record.metadata),
            actor: { id: 'someone-else', role: 'msp_admin' },
          });
        });
        expect(await onlyProblem(tenant.tenantId)).to.include({
          kind: 'altered',
          stream: tenant.ticket,
          revision: 1n,
        });
      });

      it('names a deleted event as removed, at the missing revision', async () => {
        const next = idAt(tenant.device, 3);
        model.server.remove(tenant.device, 2n);
        expect(await onlyProblem(tenant.tenantId)).to.include({
          kind: 'removed',
          stream: tenant.device,
          revision: 2n,
          eventId: next,
        });
      });

      it('names two whole events that changed places as reordered', async () => {
        const [second, third] = [2n, 3n].map(
          (revision) =>
            model.server.records(tenant.device).find((r) => r.revision === revision) as StoredRecord,
        ) as [StoredRecord, StoredRecord];
        const held = { ...second };
        model.server.edit(tenant.device, 2n, (record) => Object.assign(record, contentOf(third)));
        model.server.edit(tenant.device, 3n, (record) => Object.assign(record, contentOf(held)));
        const problem = await onlyProblem(tenant.tenantId);
        expect(problem).to.include({ kind: 'reordered', stream: tenant.device, revision: 2n });
        expect(problem.detail).to.match(/chained at revision 3/);
      });

      it('names two events whose type and data were swapped as reordered, pointing at each other', async () => {
        const [a, b] = [1n, 4n].map(
          (revision) =>
            model.server.records(tenant.device).find((r) => r.revision === revision) as StoredRecord,
        ) as [StoredRecord, StoredRecord];
        const held = { type: a.type, data: a.data };
        model.server.edit(tenant.device, 1n, (record) =>
          Object.assign(record, { type: b.type, data: b.data }),
        );
        model.server.edit(tenant.device, 4n, (record) => Object.assign(record, held));
        const problem = await onlyProblem(tenant.tenantId);
        expect(problem).to.include({ kind: 'reordered', stream: tenant.device, revision: 1n });
        expect(problem.detail).to.match(/revision 4.*swapped/);
      });

      it('names an event whose chainHash was stripped from its metadata as missing_hash', async () => {
        model.server.edit(tenant.other, 1n, (record) => {
          const { chainHash: _dropped, ...rest } = parsed(record.metadata);
          record.metadata = encoded(rest);
        });
        expect(await onlyProblem(tenant.tenantId)).to.include({
          kind: 'missing_hash',
          stream: tenant.other,
          revision: 1n,
        });
      });
    });

    it('chains an any append on the head another writer moved, computing it again after the conflict', async () => {
      const stream = newStream();
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const other = createEventStoreDbEventStore({ client: model.client });
      const interloper = newEvent('DeviceNoted', { by: 'other writer' });
      const racing = instrumented(model.client, () =>
        other.appendToStream(stream, [interloper], { expectedRevision: 'any' }),
      );
      const racer = createEventStoreDbEventStore({ client: racing.client });
      const ours = newEvent('DeviceNoted', { by: 'us' });

      const result = await racer.appendToStream(stream, [ours], { expectedRevision: 'any' });

      expect(racing.seen.refused, 'the first attempt expected the old head').to.equal(1);
      expect(result.nextExpectedRevision).to.equal(2n);
      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.id)).to.deep.equal([events[0]?.id, interloper.id, ours.id]);
      expect(await verifyAll()).to.deep.include({ ok: true, events: 3, problems: [] });
      await Promise.all([other.close(), racer.close()]);
    });

    it('keeps the chain valid under writers racing with any on one stream', async () => {
      const stream = newStream();
      const racing = instrumented(model.client);
      const racer = createEventStoreDbEventStore({ client: racing.client });
      await racer.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });

      // Five writers: each round one wins, so the last needs four of the adapter's five retries.
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          racer.appendToStream(stream, [newEvent('DeviceNoted', { i }), newEvent('DeviceNoted', { i })], {
            expectedRevision: 'any',
          }),
        ),
      );

      expect(racing.seen.refused).to.be.at.least(4);
      const revisions = results
        .map((r) => r.nextExpectedRevision)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(revisions).to.deep.equal([2n, 4n, 6n, 8n, 10n]);
      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.streamRevision)).to.deep.equal(events.map((_, i) => BigInt(i)));
      expect(await verifyAll()).to.deep.include({ ok: true, events: 11, problems: [] });
      await racer.close();
    });

    it('keeps the chain whole when an append is repeated, with any or with its own expectation', async () => {
      const stream = newStream();
      const batch = [newEvent(), newEvent()];
      const original = await store.appendToStream(stream, batch, { expectedRevision: 'any' });
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 1n });

      expect(await store.appendToStream(stream, batch, { expectedRevision: 'any' })).to.deep.equal(original);
      expect(await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).to.deep.equal(
        original,
      );
      expect(await store.appendToStream(stream, batch.slice(1), { expectedRevision: 0n })).to.deep.equal(
        original,
      );
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' });

      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.streamRevision)).to.deep.equal([0n, 1n, 2n, 3n]);
      expect(new Set(events.map((e) => e.id)).size).to.equal(4);
      expect(await verifyAll()).to.deep.include({ ok: true, events: 4 });
    });

    it('chains an event whose id was given in upper case as the server stores it, in lower case', async () => {
      const stream = newStream();
      const event = { ...newEvent(), id: randomUUID().toUpperCase() };
      await store.appendToStream(stream, [event], { expectedRevision: 'any' });
      const again = await store.appendToStream(stream, [event], { expectedRevision: 'any' });

      const events = await collect(store.readStream(stream));
      expect(events.map((e) => e.id)).to.deep.equal([event.id.toLowerCase()]);
      expect(again.nextExpectedRevision).to.equal(0n);
      expect((await verifyAll()).ok).to.equal(true);
    });
  });

  describe('idempotency', () => {
    it('refuses an any append that repeats only part of a stored one, storing nothing', async () => {
      const stream = newStream();
      const stored = [newEvent(), newEvent()] as const;
      await store.appendToStream(stream, [...stored], { expectedRevision: 'no_stream' });

      for (const events of [
        [stored[0], newEvent()],
        [newEvent(), stored[1]],
      ]) {
        const error = await store
          .appendToStream(stream, events, { expectedRevision: 'any' })
          .catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InvalidAppendError);
      }
      expect(await collect(store.readStream(stream))).to.have.length(2);
    });

    it('answers a repeat the server reports without a position (older servers) with the first checkpoint', async () => {
      const older = createEsdbModel({ positionOnRepeat: false });
      const adapter = createEventStoreDbEventStore({ client: older.client });
      const stream = newStream();
      const events = [newEvent(), newEvent()];
      const first = await adapter.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      await adapter.appendToStream(stream, [newEvent()], { expectedRevision: 1n });
      const again = await adapter.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      expect(again).to.deep.equal(first);
      await adapter.close();
    });
  });

  describe('$all', () => {
    it('leaves out the system events the server keeps in $all between ours, reading and subscribing', async () => {
      const stream = newStream();
      for (let i = 0; i < 6; i += 1) {
        await store.appendToStream(stream, [newEvent('DeviceNoted', { i })], { expectedRevision: 'any' });
      }
      const raw: AllStreamResolvedEvent[] = await collect(model.client.readAll());
      const types = raw.map((resolved) => resolved.event?.type ?? '');
      const ours = types.flatMap((type, i) => (type.startsWith('$') ? [] : [i]));
      expect(types.slice(0, ours[0])).to.include('$metadata');
      expect(types.slice(ours[0], ours.at(-1)).some((type) => type.startsWith('$'))).to.equal(true);

      const read = await collect(store.readAll());
      expect(read.map((e) => e.data.i)).to.deep.equal([0, 1, 2, 3, 4, 5]);
      const page = await collect(
        store.readAll({ after: (read[1] as RecordedEvent).checkpoint, maxCount: 3 }),
      );
      expect(page.map((e) => e.data.i)).to.deep.equal([2, 3, 4]);
      const live = await receive(store.subscribeToAll(), [stream], 6);
      expect(live.map((e) => e.checkpoint)).to.deep.equal(read.map((e) => e.checkpoint));
    });

    it('fails a subscription the server ends, rather than completing it, and passes on an error it sends', async () => {
      const ended = firstValueFrom(store.subscribeToAll().pipe(toArray())).catch((e: unknown) => e);
      model.server.dropSubscriptions();
      expect(await ended)
        .to.be.instanceOf(Error)
        .with.property('message')
        .match(/ended the subscription/);

      const failed = firstValueFrom(store.subscribeToAll()).catch((e: unknown) => e);
      const lost = new Error('connection lost');
      model.server.dropSubscriptions(lost);
      expect(await failed).to.equal(lost);
    });
  });
});

/** What a tamperer moves when two stored events change places: everything but the place. */
const contentOf = ({ id, type, data, metadata }: StoredRecord) => ({ id, type, data, metadata });

describe('The in-process model of the EventStoreDB server', () => {
  const { client } = createEsdbModel();
  const event = (id = randomUUID()) => jsonEvent({ id, type: 'DeviceNoted', data: { n: 1 } });

  it('refuses with the client’s WrongExpectedVersionError, carrying what the stream actually is', async () => {
    const stream = newStream();
    const missing = await client
      .appendToStream(stream, event(), { expectedRevision: 0n })
      .catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(WrongExpectedVersionError);
    expect(missing).to.include({ streamName: stream, expectedVersion: 0n, actualVersion: NO_STREAM });

    await client.appendToStream(stream, [event(), event()], { expectedRevision: NO_STREAM });
    const stale = await client
      .appendToStream(stream, event(), { expectedRevision: 0n })
      .catch((e: unknown) => e);
    expect(stale).to.be.instanceOf(WrongExpectedVersionError).and.include({ actualVersion: 1n });
  });

  it('checks ids only behind an exact expectation or with ANY, as the server does: at the head it stores them again', async () => {
    const stream = newStream();
    const [a, b] = [randomUUID(), randomUUID()];
    await client.appendToStream(stream, event(a), { expectedRevision: NO_STREAM });
    await client.appendToStream(stream, event(b), { expectedRevision: 0n });

    expect(await client.appendToStream(stream, event(a), { expectedRevision: ANY })).to.include({
      nextExpectedRevision: 0n,
    });
    expect(await client.appendToStream(stream, event(b), { expectedRevision: 0n })).to.include({
      nextExpectedRevision: 1n,
    });
    const partial = await client
      .appendToStream(stream, [event(a), event()], { expectedRevision: NO_STREAM })
      .catch((e: unknown) => e);
    expect(partial).to.be.instanceOf(WrongExpectedVersionError);
    expect(await client.appendToStream(stream, event(a), { expectedRevision: 1n })).to.include({
      nextExpectedRevision: 2n,
    });
    const ids: string[] = [];
    for await (const resolved of client.readStream(stream)) ids.push(resolved.event?.id ?? '');
    expect(ids).to.deep.equal([a, b, a]);
  });

  it('reads a missing stream as the client’s StreamNotFoundError and hands JSON back parsed, with created', async () => {
    const error = await collect(client.readStream(newStream())).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StreamNotFoundError);

    const stream = newStream();
    await client.appendToStream(
      stream,
      jsonEvent({ type: 'DeviceNoted', data: { n: 1 }, metadata: { tenantId: 't' } }),
    );
    const [resolved] = await collect(client.readStream(stream));
    expect(resolved?.event).to.deep.include({
      streamId: stream,
      revision: 0n,
      isJson: true,
      data: { n: 1 },
      metadata: { tenantId: 't' },
    });
    expect(resolved?.event?.created).to.be.instanceOf(Date);
    expect(resolved?.event?.position?.commit).to.be.a('bigint');
  });
});
