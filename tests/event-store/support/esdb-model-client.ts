import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type {
  AllStreamRecordedEvent,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  AppendResult,
  AppendToStreamOptions,
  CurrentRevision,
  EventData,
  EventStoreDBClient,
  EventType,
  Filter,
  JSONType,
  MetadataType,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  StreamingRead,
  SubscribeToAllOptions,
} from '@eventstore/db-client';
import {
  ANY,
  BACKWARDS,
  END,
  EVENT_TYPE,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';

/** One event as the server keeps it: bytes, not the objects a writer handed over. Specs may tamper with it. */
export interface StoredRecord {
  readonly streamId: string;
  readonly revision: bigint;
  /** Lower case: the server stores a UUID and writes it back in lower case, whatever the writer sent. */
  id: string;
  type: string;
  readonly contentType: 'application/json' | 'application/octet-stream';
  data: Uint8Array;
  /** Empty when the writer sent none. */
  metadata: Uint8Array;
  readonly created: Date;
  readonly position: Position;
}

/** What a spec does as the server's operator (or as somebody with access to its files). */
export interface EsdbModelServer {
  /** A stream's stored events, oldest first. */
  records(stream: string): readonly StoredRecord[];
  /** Changes one stored event in place. */
  edit(stream: string, revision: bigint, change: (record: StoredRecord) => void): void;
  /** Removes one stored event; the later ones keep their revisions. */
  remove(stream: string, revision: bigint): void;
  /** Ends every live subscription, with `error`, or cleanly as a server closing the call. */
  dropSubscriptions(error?: Error): void;
}

export interface EsdbModelOptions {
  /**
   * Whether a repeated (idempotent) append is answered with the position of its last event, as recent servers
   * do; older ones answer without one, and the adapter then reads it. Default true.
   */
  positionOnRepeat?: boolean;
}

/** The calls the adapter makes, with the client's own signatures (`satisfies` checks them against 6.2.1). */
type ModelledCalls = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const none = new Uint8Array(0);

/** The server's own stats stream: it writes there on a timer, here after every few appends. */
const statsStream = '$stats-127.0.0.1:2113';
const statsEvery = 4;

const isAfter = (position: Position, bound: Position) =>
  position.commit > bound.commit || (position.commit === bound.commit && position.prepare > bound.prepare);

/** As the client's `convertGrpcRecord`: JSON data parsed (or left as text when malformed), metadata parsed or bytes. */
const toRecorded = (record: StoredRecord): AllStreamRecordedEvent => {
  const base = {
    streamId: record.streamId,
    id: record.id,
    revision: record.revision,
    type: record.type,
    created: new Date(record.created),
    position: { ...record.position },
    metadata: parseMetadata(record.metadata),
  };
  if (record.contentType === 'application/octet-stream') {
    return { ...base, isJson: false, data: Uint8Array.from(record.data) };
  }
  const text = decoder.decode(record.data);
  let data: JSONType;
  try {
    data = JSON.parse(text) as JSONType;
  } catch {
    data = text;
  }
  return { ...base, isJson: true, data };
};

const parseMetadata = (bytes: Uint8Array): MetadataType | undefined => {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes)) as MetadataType;
  } catch {
    return Uint8Array.from(bytes);
  }
};

const passes = (filter: Filter | undefined, record: StoredRecord) => {
  if (!filter) return true;
  const key = filter.filterOn === EVENT_TYPE ? record.type : record.streamId;
  return 'regex' in filter
    ? new RegExp(filter.regex).test(key)
    : filter.prefixes.some((prefix) => key.startsWith(prefix));
};

/** The server answers after a network hop: on a later turn of the event loop, so that callers interleave. */
const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A read as the client returns it: an object-mode stream the server's answer flows into, with `cancel`. */
const streamingRead = <E>(answer: () => E[]): StreamingRead<E> => {
  const readable = new Readable({ objectMode: true, read: () => undefined });
  setImmediate(() => {
    if (readable.destroyed) return;
    try {
      for (const item of answer()) readable.push(item);
      readable.push(null);
    } catch (error) {
      readable.destroy(error as Error);
    }
  });
  return Object.assign(readable, { cancel: async () => void readable.destroy() });
};

/**
 * An in-process model of the EventStoreDB server behind the `EventStoreDBClient` calls the adapter makes, for
 * testing the adapter's own logic (expected revisions, idempotency, paging `$all`, skipping system events, the
 * hash chain in the metadata) in every run. It is a model of the server as documented and as the client 6.2.1
 * reads it, not a replacement for the contract run against a real server (eventstoredb.spec.ts, EVENTSTORE_URL).
 *
 * Modelled: appends with ANY, NO_STREAM, STREAM_EXISTS or an exact revision; the server's idempotency (an exact
 * expectation compares the ids at the revisions right after it, ANY and STREAM_EXISTS look the ids up in the
 * stream; a partial match is a wrong expected version), throwing the client's `WrongExpectedVersionError` as the
 * default client (`throwOnAppendFailure`) does; stream reads both ways with `StreamNotFoundError`; `$all` read
 * forwards from a position (inclusive) and subscribed to after one (exclusive), with a filter; system events in
 * `$all` (a `$metadata` and a `$user` at start, `$statsCollected` every few appends). Each event's position has
 * commit and prepare equal to its place in the log, growing by the record's size.
 */
export const createEsdbModel = (
  options: EsdbModelOptions = {},
): { client: EventStoreDBClient; server: EsdbModelServer } => {
  const positionOnRepeat = options.positionOnRepeat ?? true;
  const log: StoredRecord[] = [];
  const streams = new Map<string, StoredRecord[]>();
  const live = new Set<{ readable: Readable; pump: () => void }>();
  let nextPosition = 1_024n;
  let appends = 0;
  let disposed = false;

  const store = (streamId: string, event: Omit<StoredRecord, 'streamId' | 'revision' | 'position'>) => {
    const records = streams.get(streamId) ?? [];
    const revision = (records.at(-1)?.revision ?? -1n) + 1n;
    const position = { commit: nextPosition, prepare: nextPosition };
    const size = 64 + streamId.length + event.type.length + event.data.length + event.metadata.length;
    nextPosition += BigInt(size);
    const record: StoredRecord = { ...event, streamId, revision, position };
    records.push(record);
    streams.set(streamId, records);
    log.push(record);
    return record;
  };

  const storeSystemEvent = (streamId: string, type: string, data: unknown) =>
    store(streamId, {
      id: randomUUID(),
      type,
      contentType: 'application/json',
      data: encoder.encode(JSON.stringify(data)),
      metadata: none,
      created: new Date(),
    });

  storeSystemEvent('$$$scavenges', '$metadata', { $maxAge: 2592000 });
  storeSystemEvent('$user-admin', '$user', { loginName: 'admin', fullName: 'Event Store Administrator' });

  const refuseWhenDisposed = () => {
    if (disposed) throw new Error('The EventStoreDB client was disposed');
  };

  /** What the server decides for an append: write it, answer it as a repeat, or refuse it with the current revision. */
  const decide = (
    records: StoredRecord[],
    ids: string[],
    expected: AppendExpectedRevision,
  ): { write: true } | { repeat: StoredRecord } | { current: CurrentRevision } => {
    const current: CurrentRevision = records.at(-1)?.revision ?? NO_STREAM;
    if (expected === ANY || expected === STREAM_EXISTS) {
      if (expected === STREAM_EXISTS && current === NO_STREAM) return { current };
      const stored = ids.map((id) => records.find((record) => record.id === id));
      if (!stored[0]) return { write: true };
      const last = stored.at(-1);
      return stored.every(Boolean) && last ? { repeat: last } : { current };
    }
    const after = expected === NO_STREAM ? -1n : expected;
    const head = current === NO_STREAM ? -1n : current;
    if (after > head) return { current };
    if (after === head) return { write: true };
    // Behind the head: a repeat when the very same ids follow the expected revision, else a conflict.
    const following = ids.map((id, i) =>
      records.find((record) => record.revision === after + 1n + BigInt(i) && record.id === id),
    );
    const last = following.at(-1);
    return following.every(Boolean) && last ? { repeat: last } : { current };
  };

  const client = {
    async appendToStream<KnownEventType extends EventType = EventType>(
      streamName: string,
      events: EventData<KnownEventType> | EventData<KnownEventType>[],
      { expectedRevision = ANY }: AppendToStreamOptions = {},
    ): Promise<AppendResult> {
      // Encoded as the client sends them: JSON text for JSON events, metadata as JSON unless it is bytes.
      const proposed = (Array.isArray(events) ? events : [events]).map((event: EventData) => ({
        id: event.id.toLowerCase(),
        type: event.type,
        contentType: event.contentType,
        data:
          event.contentType === 'application/json'
            ? encoder.encode(JSON.stringify(event.data))
            : Uint8Array.from(event.data),
        metadata: !event.metadata
          ? none
          : event.metadata instanceof Uint8Array
            ? Uint8Array.from(event.metadata)
            : encoder.encode(JSON.stringify(event.metadata)),
      }));
      await hop();
      refuseWhenDisposed();
      const records = streams.get(streamName) ?? [];
      const decision = decide(
        records,
        proposed.map((event) => event.id),
        expectedRevision,
      );
      if ('current' in decision) {
        throw new WrongExpectedVersionError(undefined, {
          streamName,
          expected: expectedRevision,
          current: decision.current,
        });
      }
      if ('repeat' in decision) {
        const { revision, position } = decision.repeat;
        return {
          success: true,
          nextExpectedRevision: revision,
          ...(positionOnRepeat ? { position: { ...position } } : {}),
        };
      }
      const created = new Date();
      const written = proposed.map((event) => store(streamName, { ...event, created }));
      appends += 1;
      if (appends % statsEvery === 0) storeSystemEvent(statsStream, '$statsCollected', { appends });
      for (const subscription of live) setImmediate(subscription.pump);
      const last = written.at(-1) as StoredRecord;
      return { success: true, nextExpectedRevision: last.revision, position: { ...last.position } };
    },

    readStream<KnownEventType extends EventType = EventType>(
      streamName: string,
      {
        direction = FORWARDS,
        fromRevision = START,
        maxCount = Number.MAX_SAFE_INTEGER,
      }: ReadStreamOptions = {},
    ): StreamingRead<ResolvedEvent<KnownEventType>> {
      return streamingRead(() => {
        refuseWhenDisposed();
        const records = streams.get(streamName) ?? [];
        if (records.length === 0) throw new StreamNotFoundError(undefined, streamName);
        const forwards = direction !== BACKWARDS;
        const from =
          fromRevision === START
            ? 0n
            : fromRevision === END
              ? (records.at(-1) as StoredRecord).revision
              : fromRevision;
        const chosen = forwards
          ? records.filter((record) => fromRevision !== END && record.revision >= from)
          : records.filter((record) => record.revision <= from).reverse();
        // The client cannot know which event types the server holds: its generic is a promise it does not check.
        return chosen
          .slice(0, Number(maxCount))
          .map((record) => ({ event: toRecorded(record) }) as unknown as ResolvedEvent<KnownEventType>);
      });
    },

    readAll({
      direction = FORWARDS,
      fromPosition = START,
      maxCount = Number.MAX_SAFE_INTEGER,
    }: ReadAllOptions = {}): StreamingRead<AllStreamResolvedEvent> {
      if (direction !== FORWARDS) throw new Error('The model reads $all forwards only, as the adapter does');
      return streamingRead(() => {
        refuseWhenDisposed();
        if (fromPosition === END) return [];
        return log
          .filter((record) => fromPosition === START || !isAfter(fromPosition, record.position))
          .slice(0, Number(maxCount))
          .map((record) => ({ event: toRecorded(record), commitPosition: record.position.commit }));
      });
    },

    subscribeToAll({ fromPosition = START, filter }: SubscribeToAllOptions = {}): AllStreamSubscription {
      const readable = new Readable({ objectMode: true, read: () => undefined });
      let after =
        fromPosition === START ? undefined : fromPosition === END ? log.at(-1)?.position : fromPosition;
      // Catch up from `after`, then every append wakes it; the cursor keeps it from skipping or repeating events.
      const pump = () => {
        if (!live.has(subscription)) return;
        for (const record of log) {
          if (after && !isAfter(record.position, after)) continue;
          after = record.position;
          if (!passes(filter, record)) continue;
          readable.push({ event: toRecorded(record), commitPosition: record.position.commit });
        }
      };
      const subscription = { readable, pump: () => pump() };
      live.add(subscription);
      setImmediate(() =>
        disposed ? readable.destroy(new Error('The EventStoreDB client was disposed')) : pump(),
      );
      return Object.assign(readable, {
        unsubscribe: async () => {
          live.delete(subscription);
          readable.destroy();
        },
      });
    },

    async dispose() {
      disposed = true;
      for (const { readable } of live) readable.destroy();
      live.clear();
    },
  } satisfies ModelledCalls;

  const storedAt = (stream: string, revision: bigint) => {
    const record = streams.get(stream)?.find((candidate) => candidate.revision === revision);
    if (!record) throw new Error(`No stored event ${stream}@${revision}`);
    return record;
  };

  const server: EsdbModelServer = {
    records: (stream) => [...(streams.get(stream) ?? [])],
    edit: (stream, revision, change) => change(storedAt(stream, revision)),
    remove(stream, revision) {
      const record = storedAt(stream, revision);
      streams.set(
        stream,
        (streams.get(stream) ?? []).filter((candidate) => candidate !== record),
      );
      log.splice(log.indexOf(record), 1);
    },
    dropSubscriptions(error) {
      for (const { readable } of live) {
        if (error) readable.destroy(error);
        else readable.push(null);
      }
      live.clear();
    },
  };

  return { client: client as unknown as EventStoreDBClient, server };
};
