import type { Observable } from 'rxjs';

/** What a writer hands to the store: the id is chosen by the caller so that a retried append is a no-op. */
export interface NewEvent {
  /** UUID of the event; derived from the command id, so a retry carries the same id. */
  id: string;
  /** Past-tense event type, e.g. `DeviceAssigned`. */
  type: string;
  /** JSON payload. */
  data: Record<string, unknown>;
  /** JSON metadata: tenant, actor, command, correlation and causation ids, schema version. */
  metadata: Record<string, unknown>;
}

/** An event as stored, with its place in its stream and in the whole log. */
export interface RecordedEvent extends NewEvent {
  /** Stream the event belongs to, `<category>-<uuid>`. */
  streamName: string;
  /** Position within the stream, contiguous from 0. */
  streamRevision: bigint;
  /** Position in the whole log; grows with the log but is not contiguous. */
  globalPosition: bigint;
  /** Opaque position that sorts as the log is read; resume a read or subscription `after` it. */
  checkpoint: Checkpoint;
  /** When the store recorded the event. */
  recordedAt: Date;
  /**
   * The event's link in its stream's hash chain (hex SHA-256, see hash-chain.ts), as the store recorded it;
   * absent only from events made up outside a store (specs).
   */
  hash?: string;
}

/** `"<major>:<minor>"`, each part zero-padded to 20 digits, so that string order is read order. */
export type Checkpoint = string;

/** What the writer expects the stream to be before the append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** The outcome of a successful append (or of a repeated one, which stored nothing). */
export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as `expectedRevision` to append after it. */
  nextExpectedRevision: bigint;
  /** Checkpoint of the last appended event: a reader may wait until its projections pass it. */
  checkpoint: Checkpoint;
}

/** Options of `appendToStream`. */
export interface AppendOptions {
  /** Optimistic concurrency check; a mismatch throws `WrongExpectedRevisionError`. */
  expectedRevision: ExpectedRevision;
}

/** Options of `readStream`. */
export interface ReadStreamOptions {
  /** First revision to read (inclusive); from 0 when absent. */
  fromRevision?: bigint;
  /** Read at most this many events. */
  maxCount?: number;
}

/** Options of `readAll` and `subscribeToAll`. */
export interface ReadAllOptions {
  /** Start after this checkpoint (exclusive); from the start of the log when absent. */
  after?: Checkpoint;
  /** Read at most this many events (`readAll` only). */
  maxCount?: number;
}

/** The append-only log of every event, shared by all aggregates and read by all projections. */
export interface EventStore {
  /** Appends events to one stream atomically, after checking the expected revision. */
  appendToStream(stream: string, events: NewEvent[], opts: AppendOptions): Promise<AppendResult>;
  /** Reads one stream in revision order; a missing stream yields nothing. */
  readStream(stream: string, opts?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Reads the whole log in checkpoint order, exclusive of `after`. */
  readAll(opts?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from `after`, then stays live; never skips, duplicates or reorders an event. */
  subscribeToAll(opts?: Pick<ReadAllOptions, 'after'>): Observable<RecordedEvent>;
  /** Ends subscriptions and releases connections the store opened itself. */
  close(): Promise<void>;
}
