import { Observable } from 'rxjs';
import { assertAppendable } from '../append-guard.js';
import { parseCheckpoint, toCheckpoint } from '../checkpoint.js';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.js';
import { chainHash, eventDigest } from '../hash-chain.js';

/** Stored as JSON text, as a real store would, so callers can neither share nor mutate what was stored. */
interface StoredEvent {
  id: string;
  type: string;
  json: string;
  streamName: string;
  streamRevision: bigint;
  globalPosition: bigint;
  recordedAt: Date;
  hash: string;
}

const toRecorded = (stored: StoredEvent): RecordedEvent => {
  const { data, metadata } = JSON.parse(stored.json) as Pick<NewEvent, 'data' | 'metadata'>;
  return {
    id: stored.id,
    type: stored.type,
    data,
    metadata,
    streamName: stored.streamName,
    streamRevision: stored.streamRevision,
    globalPosition: stored.globalPosition,
    checkpoint: toCheckpoint(0n, stored.globalPosition),
    recordedAt: new Date(stored.recordedAt),
    hash: stored.hash,
  };
};

/** An event store held in this process's memory: for fast unit tests of command handling only. */
export const createInMemoryEventStore = (): EventStore => {
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const byId = new Map<string, StoredEvent>();
  const wakers = new Set<() => void>();
  let closed = false;

  /** The index in `log` of the first event after `checkpoint`; positions are 1-based and contiguous here. */
  const startIndex = (after?: string): number =>
    after === undefined ? 0 : Number(parseCheckpoint(after).minor);

  const repeatedAppend = (stream: string, events: NewEvent[]): AppendResult | undefined => {
    const first = byId.get(events[0]?.id.toLowerCase() ?? '');
    if (!first) return undefined;
    const stored = events.map((event) => byId.get(event.id.toLowerCase()));
    const same = stored.every(
      (event, i) => event?.streamName === stream && event.streamRevision === first.streamRevision + BigInt(i),
    );
    const last = stored.at(-1);
    if (!same || !last) {
      throw new InvalidAppendError(stream, `event ${first.id} is already stored in another append`);
    }
    return { nextExpectedRevision: last.streamRevision, checkpoint: toCheckpoint(0n, last.globalPosition) };
  };

  return {
    async appendToStream(stream: string, events: NewEvent[], opts: AppendOptions): Promise<AppendResult> {
      assertAppendable(stream, events);
      const repeated = repeatedAppend(stream, events);
      if (repeated) return repeated;
      const existing = streams.get(stream) ?? [];
      const actual = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
      const expected = opts.expectedRevision;
      const matches =
        expected === 'any' ||
        (expected === 'no_stream' && actual === 'no_stream') ||
        (expected === 'stream_exists' && actual !== 'no_stream') ||
        (typeof expected === 'bigint' && expected === actual);
      if (!matches) throw new WrongExpectedRevisionError(stream, expected, actual);
      for (const event of events) {
        if (byId.has(event.id.toLowerCase())) {
          throw new InvalidAppendError(stream, `event ${event.id} is already stored in another append`);
        }
      }
      const recordedAt = new Date();
      for (const event of events) {
        const json = JSON.stringify({ data: event.data, metadata: event.metadata });
        // The chain commits to what a reader gets back: the event as parsed from what is stored.
        const parsed = JSON.parse(json) as Pick<NewEvent, 'data' | 'metadata'>;
        const revision = BigInt(existing.length);
        const stored: StoredEvent = {
          id: event.id,
          type: event.type,
          json,
          streamName: stream,
          streamRevision: revision,
          globalPosition: BigInt(log.length + 1),
          recordedAt,
          hash: chainHash(
            existing.at(-1)?.hash ?? null,
            revision,
            eventDigest(stream, { id: event.id, type: event.type, ...parsed }),
          ),
        };
        existing.push(stored);
        log.push(stored);
        byId.set(event.id.toLowerCase(), stored);
      }
      streams.set(stream, existing);
      for (const wake of wakers) queueMicrotask(wake);
      const last = existing[existing.length - 1] as StoredEvent;
      return { nextExpectedRevision: last.streamRevision, checkpoint: toCheckpoint(0n, last.globalPosition) };
    },

    async *readStream(stream: string, opts: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
      const events = streams.get(stream) ?? [];
      const from = Number(opts.fromRevision ?? 0n);
      const to = opts.maxCount === undefined ? events.length : from + opts.maxCount;
      for (const event of events.slice(from, to)) yield toRecorded(event);
    },

    async *readAll(opts: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
      const from = startIndex(opts.after);
      const to = opts.maxCount === undefined ? log.length : from + opts.maxCount;
      for (const event of log.slice(from, to)) yield toRecorded(event);
    },

    subscribeToAll(opts: Pick<ReadAllOptions, 'after'> = {}) {
      return new Observable<RecordedEvent>((subscriber) => {
        let next = startIndex(opts.after);
        const drain = () => {
          while (next < log.length && !subscriber.closed) {
            subscriber.next(toRecorded(log[next] as StoredEvent));
            next += 1;
          }
        };
        const wake = () => (closed ? subscriber.complete() : drain());
        wakers.add(wake);
        queueMicrotask(wake);
        return () => {
          wakers.delete(wake);
        };
      });
    },

    async close() {
      closed = true;
      for (const wake of wakers) wake();
      wakers.clear();
    },
  };
};
