import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  CurrentRevision,
  Position,
  StreamingRead,
} from '@eventstore/db-client';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { Subscriber } from 'rxjs';
import { Observable } from 'rxjs';
import { assertAppendable } from '../append-guard.js';
import { parseCheckpoint, toCheckpoint } from '../checkpoint.js';
import type { ActualRevision } from '../errors.js';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.js';
import { chainHash, eventDigest } from '../hash-chain.js';

/** How the adapter reaches EventStoreDB: a connection string (it owns the client) or a client the caller owns. */
export type EventStoreDbEventStoreOptions = { connectionString: string } | { client: EventStoreDBClient };

/** The fields of the client's recorded event that the port needs; both its JSON and binary variants have them. */
interface EsdbRecordedEvent {
  id: string;
  type: string;
  streamId: string;
  revision: bigint;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: Position | undefined;
}

/** Events read from `$all` in one request; `readAll` pages so that `maxCount` counts only non-system events. */
const pageSize = 1000;

const decoder = new TextDecoder();

/** The value as a reader parses it back from the stored JSON: what the chain commits to. */
const jsonRoundTrip = (value: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

const toEsdbRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
};

/** The client reports a missing stream as `NO_STREAM`, or (from older servers' error metadata) as `-1`. */
const toActual = (current: CurrentRevision): ActualRevision =>
  current === NO_STREAM || current < 0n ? 'no_stream' : current;

const toPosition = (checkpoint: Checkpoint): Position => {
  const { major, minor } = parseCheckpoint(checkpoint);
  return { commit: major, prepare: minor };
};

/** Whether `position` comes later in `$all` than `bound`; everything does when there is no bound. */
const isAfter = (position: Position, bound: Position | undefined): boolean =>
  bound === undefined ||
  position.commit > bound.commit ||
  (position.commit === bound.commit && position.prepare > bound.prepare);

const isSystemEvent = (event: { type: string }): boolean => event.type.startsWith('$');

/**
 * The client hands back parsed JSON, or raw bytes when an event was not written as JSON, or the string itself when
 * the JSON is malformed. The port promises objects, so anything else is refused rather than silently emptied.
 */
const toJsonObject = (value: unknown, what: string, eventId: string): Record<string, unknown> => {
  let parsed: unknown = value;
  if (value instanceof Uint8Array) {
    try {
      parsed = JSON.parse(decoder.decode(value));
    } catch {
      parsed = undefined;
    }
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    return parsed as Record<string, unknown>;
  }
  throw new TypeError(`Event ${eventId}: ${what} is not a JSON object`);
};

/**
 * The metadata field the event's hash-chain link is stored in (EventStoreDB computes no hash of its own). It
 * is not part of the digest and readers get it as `hash`, not in `metadata`.
 */
const chainField = 'chainHash';

/** The stored metadata without the chain link, and the link. */
const unchained = (metadata: Record<string, unknown>) => {
  const { [chainField]: hash, ...rest } = metadata;
  return { metadata: rest, hash: typeof hash === 'string' ? hash : undefined };
};

const toRecorded = (event: EsdbRecordedEvent): RecordedEvent => {
  // Stream reads carry the $all position only from EventStoreDB 22.6 on; without it there is no checkpoint.
  if (!event.position) throw new TypeError(`Event ${event.id}: no $all position (server older than 22.6?)`);
  const { metadata, hash } = unchained(
    event.metadata === undefined ? {} : toJsonObject(event.metadata, 'metadata', event.id),
  );
  return {
    ...(hash === undefined ? {} : { hash }),
    id: event.id,
    type: event.type,
    data: toJsonObject(event.data, 'data', event.id),
    metadata,
    streamName: event.streamId,
    streamRevision: event.revision,
    globalPosition: event.position.commit,
    checkpoint: toCheckpoint(event.position.commit, event.position.prepare),
    recordedAt: event.created,
  };
};

/** Iterates a client read and cancels its gRPC call when the consumer stops early, so no call is left open. */
async function* drain<E>(read: StreamingRead<E>): AsyncGenerator<E> {
  let finished = false;
  try {
    for await (const item of read) yield item;
    finished = true;
  } finally {
    // A failed connection rejects `cancel` too; the error that stopped the read is the one worth reporting.
    if (!finished) await read.cancel().catch(() => undefined);
  }
}

/**
 * An `EventStore` on EventStoreDB (`@eventstore/db-client` 6.x, server 22.6 or later). The checkpoint of an event
 * is its `$all` position, commit then prepare.
 */
export const createEventStoreDbEventStore = (options: EventStoreDbEventStoreOptions): EventStore => {
  const ownsClient = !('client' in options);
  const client =
    'client' in options ? options.client : EventStoreDBClient.connectionString(options.connectionString);
  const live = new Map<AllStreamSubscription, Subscriber<RecordedEvent>>();

  /** Older servers answer a repeated (idempotent) append without a position: take it from the stored event. */
  const positionOf = async (stream: string, revision: bigint): Promise<Position> => {
    for await (const resolved of drain(client.readStream(stream, { fromRevision: revision, maxCount: 1 }))) {
      if (resolved.event?.position) return resolved.event.position;
    }
    throw new Error(`Stream ${stream}: EventStoreDB reported no position for revision ${revision}`);
  };

  /** The stream's event at `revision`, if stored. */
  const eventAt = async (stream: string, revision: bigint) => {
    try {
      for await (const resolved of drain(
        client.readStream(stream, { fromRevision: revision, maxCount: 1 }),
      )) {
        if (resolved.event) return resolved.event as EsdbRecordedEvent;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  };

  /**
   * The stream's head and, when the first of `ids` is stored in the stream, the events from it on (as many as
   * `ids`), oldest first; or the id of another of `ids` that is stored. EventStoreDB compares event ids only at
   * the revisions after an expectation behind the head, and this adapter always expects the head it chained on,
   * so a repeat that later appends have buried would be stored a second time: it is looked for here, reading back
   * from the head. That reads the whole stream when the events are new, as every fold of an aggregate does.
   */
  const storedFrom = async (stream: string, ids: string[]) => {
    let head: EsdbRecordedEvent | undefined;
    let stored: string | undefined;
    const window: EsdbRecordedEvent[] = [];
    try {
      const read = client.readStream(stream, { direction: BACKWARDS, fromRevision: END });
      for await (const resolved of drain(read)) {
        const event = resolved.event as EsdbRecordedEvent | undefined;
        if (!event) continue;
        head ??= event;
        window.unshift(event);
        window.length = Math.min(window.length, ids.length);
        const id = event.id.toLowerCase();
        if (id === ids[0]) return { head, from: window };
        if (ids.includes(id)) stored ??= event.id;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { head, stored };
  };

  const hashOf = (event: EsdbRecordedEvent) =>
    unchained(event.metadata === undefined ? {} : toJsonObject(event.metadata, 'metadata', event.id)).hash ??
    null;

  type ChainStart =
    | { firstRevision: bigint; previousHash: string | null; expectedRevision: ExpectedRevision }
    | { repeated: EsdbRecordedEvent };

  /**
   * Where an append's chain starts: the revision of its first event, the hash before it, and the exact
   * revision to expect, so that no other writer slips in between. Without an exact expectation the stream is
   * read back from its head: when these very events are stored, the append is a repeat of one that succeeded.
   */
  const chainStart = async (
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<ChainStart> => {
    if (expected === 'no_stream')
      return { firstRevision: 0n, previousHash: null, expectedRevision: expected };
    if (typeof expected === 'bigint') {
      const head = await eventAt(stream, expected);
      return head
        ? { firstRevision: expected + 1n, previousHash: hashOf(head), expectedRevision: expected }
        : { firstRevision: 0n, previousHash: null, expectedRevision: expected };
    }
    const ids = events.map((event) => event.id.toLowerCase());
    const { head, from, stored } = await storedFrom(stream, ids);
    if (from) {
      const repeated = from.at(-1);
      if (
        repeated &&
        from.length === ids.length &&
        from.every((event, i) => event.id.toLowerCase() === ids[i])
      ) {
        return { repeated };
      }
    }
    if (from || stored) {
      throw new InvalidAppendError(
        stream,
        `event ${stored ?? events[0]?.id} is already stored in another append`,
      );
    }
    if (!head) {
      return {
        firstRevision: 0n,
        previousHash: null,
        expectedRevision: expected === 'any' ? 'no_stream' : expected,
      };
    }
    return { firstRevision: head.revision + 1n, previousHash: hashOf(head), expectedRevision: head.revision };
  };

  return {
    async appendToStream(stream: string, events: NewEvent[], opts: AppendOptions): Promise<AppendResult> {
      assertAppendable(stream, events);
      const conflict = (actual: CurrentRevision) =>
        new WrongExpectedRevisionError(stream, opts.expectedRevision, toActual(actual));
      // Without an exact expectation, another writer may move the head between the read and the append: the
      // chain is then computed again on the new head.
      const retries =
        typeof opts.expectedRevision === 'bigint' || opts.expectedRevision === 'no_stream' ? 0 : 5;
      for (let attempt = 0; ; attempt += 1) {
        const link = await chainStart(stream, events, opts.expectedRevision);
        if ('repeated' in link) {
          const position = link.repeated.position ?? (await positionOf(stream, link.repeated.revision));
          return {
            nextExpectedRevision: link.repeated.revision,
            checkpoint: toCheckpoint(position.commit, position.prepare),
          };
        }
        let previous = link.previousHash;
        const proposed = events.map(({ id: given, type, data, metadata }, index) => {
          // The server keeps the id as a UUID and reads it back in lower case: the link commits to what it reads.
          const id = given.toLowerCase();
          const hash = chainHash(
            previous,
            link.firstRevision + BigInt(index),
            eventDigest(stream, { id, type, data: jsonRoundTrip(data), metadata: jsonRoundTrip(metadata) }),
          );
          previous = hash;
          return jsonEvent({ id, type, data, metadata: { ...metadata, [chainField]: hash } });
        });
        const expectedRevision = toEsdbRevision(link.expectedRevision);
        const result = await client
          .appendToStream(stream, proposed, { expectedRevision })
          .catch((error: unknown) => {
            if (error instanceof WrongExpectedVersionError && attempt < retries) return undefined;
            throw error instanceof WrongExpectedVersionError ? conflict(error.actualVersion) : error;
          });
        if (result === undefined) continue;
        // Only a client built with `throwOnAppendFailure: false` gets here; its batch append (6.2.1) then reports
        // `nextExpectedRevision` as 1n whatever the stream holds, so `actual` is exact only with the default client.
        if (!result.success) throw conflict(result.nextExpectedRevision);
        const position = result.position ?? (await positionOf(stream, result.nextExpectedRevision));
        return {
          nextExpectedRevision: result.nextExpectedRevision,
          checkpoint: toCheckpoint(position.commit, position.prepare),
        };
      }
    },

    async *readStream(stream: string, opts: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
      if (opts.maxCount !== undefined && opts.maxCount <= 0) return;
      const read = client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: opts.fromRevision ?? START,
        maxCount: opts.maxCount,
      });
      try {
        for await (const resolved of drain(read)) {
          if (resolved.event) yield toRecorded(resolved.event);
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError) return;
        throw error;
      }
    },

    async *readAll(opts: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
      let remaining = opts.maxCount ?? Number.POSITIVE_INFINITY;
      // `fromPosition` is inclusive: each page starts on `after` or on the last event already read, and skips it.
      let cursor = opts.after === undefined ? undefined : toPosition(opts.after);
      while (remaining > 0) {
        const count = Math.min(pageSize, remaining + 1);
        const start = cursor;
        let received = 0;
        for await (const resolved of drain(
          client.readAll({ direction: FORWARDS, fromPosition: start ?? START, maxCount: count }),
        )) {
          received += 1;
          const event = resolved.event;
          if (!event || !isAfter(event.position, start)) continue;
          cursor = event.position;
          if (isSystemEvent(event)) continue;
          yield toRecorded(event);
          remaining -= 1;
          if (remaining <= 0) return;
        }
        if (received < count) return;
      }
    },

    subscribeToAll(opts: Pick<ReadAllOptions, 'after'> = {}): Observable<RecordedEvent> {
      return new Observable<RecordedEvent>((subscriber) => {
        // A malformed checkpoint throws here, and rxjs hands what a subscribe function throws to `error`.
        const after = opts.after === undefined ? undefined : toPosition(opts.after);
        const subscription = client.subscribeToAll({
          fromPosition: after ?? START,
          filter: excludeSystemEvents(),
        });
        live.set(subscription, subscriber);
        // Only events arrive as `data`; confirmation, checkpoints, caughtUp and fellBehind are other signals.
        subscription.on('data', (resolved: AllStreamResolvedEvent) => {
          const event = resolved.event;
          if (!event || isSystemEvent(event) || !isAfter(event.position, after)) return;
          let recorded: RecordedEvent;
          try {
            recorded = toRecorded(event);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(recorded);
        });
        // Stays attached after teardown: a late gRPC error must not become an unhandled 'error' event.
        subscription.on('error', (error) => subscriber.error(error));
        // A live subscription has no natural end; completing would let a projector believe it had read everything.
        subscription.on('end', () =>
          subscriber.error(new Error('EventStoreDB ended the subscription to $all')),
        );
        return () => {
          // The failure that ended the subscription, if any, has already gone to `error`.
          if (live.delete(subscription)) subscription.unsubscribe().catch(() => undefined);
        };
      });
    },

    async close(): Promise<void> {
      const subscriptions = [...live];
      live.clear();
      for (const [, subscriber] of subscriptions) subscriber.complete();
      await Promise.allSettled(subscriptions.map(([subscription]) => subscription.unsubscribe()));
      if (ownsClient) await client.dispose();
    },
  };
};
