import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { chainHash, eventDigest } from '../../event-store/hash-chain.js';
import {
  type EventStore,
  InvalidAppendError,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../../event-store/index.js';
import { collect, newEvent, newStream, receive } from '../support/events.js';

/** Makes a store for one test; the suite closes it after the test. */
export type StoreFactory = () => Promise<EventStore>;

const ownEvents = (events: RecordedEvent[], streams: string[]) =>
  events.filter((e) => streams.includes(e.streamName));

const expectConflict = async (attempt: Promise<unknown>, actual: bigint | 'no_stream') => {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'append should have been refused').to.be.instanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).actual).to.equal(actual);
  return error as WrongExpectedRevisionError;
};

/** The behaviour every EventStore adapter must show; run once per adapter. */
export const eventStoreContract = (adapter: string, createStore: StoreFactory) => {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('expected revision', () => {
      it('appends to a new stream with no_stream, starting at revision 0', async () => {
        const stream = newStream();
        const result = await store.appendToStream(stream, [newEvent(), newEvent()], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).to.equal(1n);
        const events = await collect(store.readStream(stream));
        expect(events.map((e) => e.streamRevision)).to.deep.equal([0n, 1n]);
      });

      it('refuses no_stream when the stream exists, with its actual revision', async () => {
        const stream = newStream();
        await store.appendToStream(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const error = await expectConflict(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
          1n,
        );
        expect(error.stream).to.equal(stream);
        expect(error.expected).to.equal('no_stream');
      });

      it('appends at the exact revision and refuses a stale one with the actual revision', async () => {
        const stream = newStream();
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(stream, [newEvent()], { expectedRevision: 0n });
        expect(second.nextExpectedRevision).to.equal(1n);
        const error = await expectConflict(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 0n }),
          1n,
        );
        expect(error.expected).to.equal(0n);
        expect(await collect(store.readStream(stream))).to.have.length(2);
      });

      it('refuses an exact revision on a missing stream, saying it does not exist', async () => {
        await expectConflict(
          store.appendToStream(newStream(), [newEvent()], { expectedRevision: 0n }),
          'no_stream',
        );
      });

      it('appends with any, whether the stream exists or not', async () => {
        const stream = newStream();
        const first = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' });
        const second = await store.appendToStream(stream, [newEvent(), newEvent()], {
          expectedRevision: 'any',
        });
        expect(first.nextExpectedRevision).to.equal(0n);
        expect(second.nextExpectedRevision).to.equal(2n);
      });

      it('refuses stream_exists on a missing stream and appends with it on an existing one', async () => {
        const stream = newStream();
        await expectConflict(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
          'no_stream',
        );
        expect(await collect(store.readStream(stream))).to.deep.equal([]);
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [newEvent()], {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).to.equal(1n);
      });

      it('lets exactly one of two writers with the same expected revision win', async () => {
        const stream = newStream();
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled([
          store.appendToStream(stream, [newEvent()], { expectedRevision: 0n }),
          store.appendToStream(stream, [newEvent()], { expectedRevision: 0n }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
        const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).to.be.instanceOf(WrongExpectedRevisionError);
        expect((refused.reason as WrongExpectedRevisionError).actual).to.equal(1n);
      });
    });

    describe('idempotent appends', () => {
      it('stores nothing new when the same event ids are appended again, answering as the first time', async () => {
        const stream = newStream();
        const events = [newEvent(), newEvent()];
        const first = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
        expect(again).to.deep.equal(first);
        const stored = await collect(store.readStream(stream));
        expect(stored.map((e) => e.id)).to.deep.equal(events.map((e) => e.id));
      });

      it('treats a retried append after later appends as a repeat, not a conflict', async () => {
        const stream = newStream();
        const events = [newEvent()];
        const first = await store.appendToStream(stream, events, { expectedRevision: 'any' });
        await store.appendToStream(stream, [newEvent()], { expectedRevision: 0n });
        const again = await store.appendToStream(stream, events, { expectedRevision: 'any' });
        expect(again.nextExpectedRevision).to.equal(first.nextExpectedRevision);
        expect(await collect(store.readStream(stream))).to.have.length(2);
      });

      it('refuses an empty append', async () => {
        const error = await store
          .appendToStream(newStream(), [], { expectedRevision: 'any' })
          .catch((e) => e);
        expect(error).to.be.instanceOf(InvalidAppendError);
      });

      it('refuses an event id that is not a UUID', async () => {
        const event = { ...newEvent(), id: 'not-a-uuid' };
        const error = await store
          .appendToStream(newStream(), [event], { expectedRevision: 'any' })
          .catch((e) => e);
        expect(error).to.be.instanceOf(InvalidAppendError);
      });
    });

    describe('readStream', () => {
      it('reads in revision order, from a revision, at most maxCount events', async () => {
        const stream = newStream();
        const events = Array.from({ length: 10 }, (_, i) => newEvent('DeviceNoted', { i }));
        await store.appendToStream(stream, events.slice(0, 4), { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, events.slice(4), { expectedRevision: 3n });
        const all = await collect(store.readStream(stream));
        expect(all.map((e) => e.data.i)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(all.map((e) => e.streamRevision)).to.deep.equal(all.map((_, i) => BigInt(i)));
        const some = await collect(store.readStream(stream, { fromRevision: 3n, maxCount: 4 }));
        expect(some.map((e) => e.data.i)).to.deep.equal([3, 4, 5, 6]);
        expect(await collect(store.readStream(stream, { fromRevision: 10n }))).to.deep.equal([]);
      });

      it('yields nothing for a missing stream', async () => {
        expect(await collect(store.readStream(newStream()))).to.deep.equal([]);
      });
    });

    describe('round trips', () => {
      it('keeps ids, types, data, metadata, stream names and bigint revisions', async () => {
        const stream = newStream('ticket');
        const event = {
          ...newEvent('TicketOpened', {
            ticketId: stream,
            priority: 'P1',
            cost: { amount: 129900, currency: 'PLN' },
          }),
          metadata: {
            tenantId: 'tenant-b',
            actor: { id: 'user-7', role: 'client_manager' },
            commandId: 'c-1',
            correlationId: 'c-1',
            causationId: 'c-1',
            schemaVersion: 2,
          },
        };
        await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
        const [read] = await collect(store.readStream(stream));
        expect(read).to.include({ id: event.id, type: 'TicketOpened', streamName: stream });
        expect(read?.data).to.deep.equal(event.data);
        expect(read?.metadata).to.deep.equal(event.metadata);
        expect(typeof read?.streamRevision).to.equal('bigint');
        expect(typeof read?.globalPosition).to.equal('bigint');
        expect(read?.recordedAt).to.be.instanceOf(Date);
      });

      it('keeps unicode text exactly', async () => {
        const stream = newStream('person');
        const text = 'Zażółć gęślą jaźń — 東京 🚀 \u00e9\u0301 "quotes" \\ back\\slash \n new line';
        await store.appendToStream(stream, [newEvent('PersonRegistered', { name: text })], {
          expectedRevision: 'no_stream',
        });
        const [read] = await collect(store.readStream(stream));
        expect(read?.data.name).to.equal(text);
      });

      it('keeps a 1 MB payload', async () => {
        const stream = newStream();
        const blob = 'x'.repeat(1024 * 1024);
        await store.appendToStream(stream, [newEvent('DeviceNoted', { blob })], {
          expectedRevision: 'no_stream',
        });
        const [read] = await collect(store.readStream(stream));
        const stored = read?.data.blob as string;
        expect(stored.length).to.equal(blob.length);
        expect(stored).to.equal(blob);
      });
    });

    describe('readAll and subscribeToAll', () => {
      const writeSome = async (streams: string[], perStream: number) => {
        for (let i = 0; i < perStream; i += 1) {
          for (const stream of streams) {
            await store.appendToStream(stream, [newEvent('DeviceNoted', { i })], { expectedRevision: 'any' });
          }
        }
      };

      it('reads the log with strictly increasing checkpoints, each stream in revision order', async () => {
        const streams = [newStream(), newStream(), newStream()];
        await writeSome(streams, 4);
        const events = ownEvents(await collect(store.readAll()), streams);
        expect(events).to.have.length(12);
        const checkpoints = events.map((e) => e.checkpoint);
        expect(checkpoints).to.deep.equal([...checkpoints].sort());
        expect(new Set(checkpoints).size).to.equal(checkpoints.length);
        for (const stream of streams) {
          const revisions = events.filter((e) => e.streamName === stream).map((e) => e.streamRevision);
          expect(revisions).to.deep.equal([0n, 1n, 2n, 3n]);
        }
      });

      it('reads after a checkpoint, exclusive, at most maxCount events', async () => {
        const streams = [newStream()];
        await writeSome(streams, 5);
        const events = ownEvents(await collect(store.readAll()), streams);
        const second = events[1] as RecordedEvent;
        const rest = ownEvents(await collect(store.readAll({ after: second.checkpoint })), streams);
        expect(rest.map((e) => e.id)).to.deep.equal(events.slice(2).map((e) => e.id));
        const two = await collect(store.readAll({ after: second.checkpoint, maxCount: 2 }));
        expect(two).to.have.length(2);
        expect((two[0] as RecordedEvent).checkpoint > second.checkpoint).to.equal(true);
      });

      it('delivers to a subscription in the same order as readAll', async () => {
        const streams = [newStream(), newStream()];
        await writeSome(streams, 3);
        const read = ownEvents(await collect(store.readAll()), streams);
        const received = await receive(store.subscribeToAll(), streams, 6);
        expect(received.map((e) => e.id)).to.deep.equal(read.map((e) => e.id));
        expect(received.map((e) => e.checkpoint)).to.deep.equal(read.map((e) => e.checkpoint));
      });

      it('catches up on past events, then delivers new ones live', async () => {
        const streams = [newStream()];
        await writeSome(streams, 3);
        const all = receive(store.subscribeToAll(), streams, 6);
        // give the subscription time to catch up and go live before writing more
        await new Promise((resolve) => setTimeout(resolve, 100));
        await writeSome(streams, 3);
        const received = await all;
        expect(received.map((e) => e.data.i)).to.deep.equal([0, 1, 2, 0, 1, 2]);
        expect(received.map((e) => e.streamRevision)).to.deep.equal([0n, 1n, 2n, 3n, 4n, 5n]);
      });

      it('resumes after a checkpoint with exactly the rest', async () => {
        const streams = [newStream(), newStream()];
        await writeSome(streams, 4);
        const all = ownEvents(await collect(store.readAll()), streams);
        const cut = all[4] as RecordedEvent;
        const rest = await receive(store.subscribeToAll({ after: cut.checkpoint }), streams, 3);
        expect(rest.map((e) => e.id)).to.deep.equal(all.slice(5).map((e) => e.id));
        // and nothing more arrives than what was written
        const more = receive(store.subscribeToAll({ after: cut.checkpoint }), streams, 4, 500);
        const error = await more.catch((e: unknown) => e);
        expect(error).to.have.property('name', 'TimeoutError');
      });

      it('keeps every event of many streams appended concurrently', async () => {
        const streams = Array.from({ length: 50 }, () => newStream());
        const live = receive(store.subscribeToAll(), streams, 150);
        const results = await Promise.all(
          streams.map(async (stream) => {
            const first = await store.appendToStream(stream, [newEvent(), newEvent()], {
              expectedRevision: 'no_stream',
            });
            return store.appendToStream(stream, [newEvent()], {
              expectedRevision: first.nextExpectedRevision,
            });
          }),
        );
        expect(results.every((r) => r.nextExpectedRevision === 2n)).to.equal(true);
        const received = await live;
        const read = ownEvents(await collect(store.readAll()), streams);
        expect(read).to.have.length(150);
        expect(received.map((e) => e.id)).to.deep.equal(read.map((e) => e.id));
        for (const stream of streams) {
          expect(received.filter((e) => e.streamName === stream).map((e) => e.streamRevision)).to.deep.equal([
            0n,
            1n,
            2n,
          ]);
        }
      });

      it('answers an append with the checkpoint of its last event as the log shows it', async () => {
        const stream = newStream();
        const result = await store.appendToStream(stream, [newEvent(), newEvent()], {
          expectedRevision: 'no_stream',
        });
        const events = ownEvents(await collect(store.readAll()), [stream]);
        expect(events.at(-1)?.checkpoint).to.equal(result.checkpoint);
      });
    });

    describe('hash chain', () => {
      /** Each event's hash as recomputed from its content and the hash before it in its stream. */
      const recomputed = (events: RecordedEvent[]) => {
        const heads = new Map<string, string | null>();
        return events.map((event) => {
          const hash = chainHash(
            heads.get(event.streamName) ?? null,
            event.streamRevision,
            eventDigest(event.streamName, event),
          );
          heads.set(event.streamName, hash);
          return hash;
        });
      };

      it('links every appended event to the one before it in its stream, over one and several appends', async () => {
        const [a, b] = [newStream(), newStream()];
        await store.appendToStream(
          a,
          [newEvent('DeviceRegistered', { tag: 'A-1', nested: { z: 1, a: [1, 'x'] } })],
          {
            expectedRevision: 'no_stream',
          },
        );
        await store.appendToStream(b, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [newEvent(), newEvent(), newEvent()], { expectedRevision: 0n });

        const streamA = await collect(store.readStream(a));
        const all = ownEvents(await collect(store.readAll()), [a, b]);

        expect(streamA.map((event) => event.hash)).to.deep.equal(recomputed(streamA));
        expect(all.map((event) => event.hash)).to.deep.equal(recomputed(all));
        expect(new Set(all.map((event) => event.hash)).size).to.equal(6);
        for (const event of all) expect(event.hash).to.match(/^[0-9a-f]{64}$/);
      });

      it('gives the same content a different hash at another revision or in another stream', async () => {
        const [a, b] = [newStream(), newStream()];
        const same = (id: string) => ({ ...newEvent('DeviceRegistered', { tag: 'same' }), id });
        await store.appendToStream(a, [same(randomUUID()), same(randomUUID())], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(b, [same(randomUUID())], { expectedRevision: 'no_stream' });

        const hashes = ownEvents(await collect(store.readAll()), [a, b]).map((event) => event.hash);

        expect(new Set(hashes).size).to.equal(3);
      });
    });
  });
};
