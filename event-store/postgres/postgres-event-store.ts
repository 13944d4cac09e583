import pg from 'pg';
import { Observable } from 'rxjs';
import { parseCheckpoint } from '../checkpoint.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.js';
import { appendWith, findRepeatedAppend } from './append.js';
import { createNotifier } from './notifier.js';
import { type EventRow, readAllPage, readStreamPage, toRecordedEvent } from './read.js';
import { listenForAppends, type Wakeups } from './wakeups.js';

export interface PostgresEventStoreOptions {
  /** Events per read query, for reads and subscription catch-up. */
  pageSize?: number;
  /** How often a caught-up subscription looks for events when no notification came (the fallback). */
  pollIntervalMs?: number;
  /** Least time between two NOTIFYs this store sends (see `createNotifier`). */
  notifyIntervalMs?: number;
  /** Called with errors of the background listening connection (it reconnects by itself). */
  onError?: (error: unknown) => void;
}

export type PostgresEventStoreTarget = ({ connectionString: string } | { pool: pg.Pool }) &
  PostgresEventStoreOptions;

const start = { major: 0n, minor: 0n };
// Rounds happen only while other writers keep winning the same stream; each round is one short statement.
const maxAppendRounds = 50;

/** An event store on PostgreSQL (see `migrateEventStore` for the schema and why it is safe). */
export const createPostgresEventStore = (target: PostgresEventStoreTarget): EventStore => {
  const ownsPool = !('pool' in target);
  const pool = 'pool' in target ? target.pool : new pg.Pool({ connectionString: target.connectionString });
  const pageSize = target.pageSize ?? 1000;
  const pollIntervalMs = target.pollIntervalMs ?? 1000;
  const onError = target.onError ?? (() => undefined);
  // An idle connection dropped by the server (restart, failover) must not take the process down.
  if (ownsPool) pool.on('error', onError);
  let wakeups: Wakeups | undefined;
  const subscriptions = new Set<() => void>();
  let closed = false;

  const notifier = createNotifier(pool, target.notifyIntervalMs ?? 10, onError);

  const appendToStream = async (
    stream: string,
    events: NewEvent[],
    opts: AppendOptions,
  ): Promise<AppendResult> => {
    for (let round = 1; round <= maxAppendRounds; round += 1) {
      const appended = await appendWith(pool, stream, events, opts.expectedRevision);
      if (appended.outcome === 'appended') {
        wakeups?.signal(appended.result.checkpoint);
        notifier.announce(appended.result.checkpoint);
      }
      if (appended.outcome === 'appended' || appended.outcome === 'repeated') return appended.result;
      if (appended.outcome === 'stored') {
        const repeated = await findRepeatedAppend(pool, stream, events);
        if (repeated) return repeated;
      }
    }
    throw new Error(`Append to ${stream} did not get through in ${maxAppendRounds} rounds of contention`);
  };

  async function* readStream(stream: string, opts: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    let from = opts.fromRevision ?? 0n;
    let remaining = opts.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const rows = await readStreamPage(pool, stream, from, Math.min(pageSize, remaining));
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < Math.min(pageSize, remaining)) return;
      remaining -= rows.length;
      from = BigInt((rows.at(-1) as EventRow).stream_revision) + 1n;
    }
  }

  async function* readAll(opts: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = opts.after === undefined ? start : parseCheckpoint(opts.after);
    let remaining = opts.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(pageSize, remaining);
      const rows = await readAllPage(pool, after, limit);
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      const last = rows.at(-1) as EventRow;
      after = { major: BigInt(last.transaction_id), minor: BigInt(last.global_position) };
    }
  }

  const subscribeToAll = (opts: Pick<ReadAllOptions, 'after'> = {}): Observable<RecordedEvent> =>
    new Observable<RecordedEvent>((subscriber) => {
      wakeups ??= listenForAppends(pool, onError);
      const wake = wakeups;
      let stopped = false;
      let after = opts.after === undefined ? start : parseCheckpoint(opts.after);
      let checkpoint = opts.after ?? '';
      const stop = () => {
        stopped = true;
        subscriber.complete();
      };
      subscriptions.add(stop);

      const run = async () => {
        let retryDelayMs = 1;
        // The next page is fetched while the current one is emitted, so catch-up overlaps I/O and work.
        let generation = wake.generation();
        let next: Promise<EventRow[]> | undefined = readAllPage(pool, after, pageSize);
        while (!stopped) {
          const rows: EventRow[] = next ? await next : [];
          next = undefined;
          const last = rows.at(-1);
          if (last) {
            after = { major: BigInt(last.transaction_id), minor: BigInt(last.global_position) };
            if (rows.length === pageSize) {
              generation = wake.generation();
              next = readAllPage(pool, after, pageSize);
              next.catch(() => undefined);
            }
            for (const row of rows) {
              if (stopped) return;
              const event = toRecordedEvent(row);
              checkpoint = event.checkpoint;
              subscriber.next(event);
            }
            retryDelayMs = 1;
            if (next) continue;
          }
          if (stopped) return;
          // Caught up. A notification beyond our checkpoint means committed events are still hidden behind
          // an older open transaction: look again soon. Otherwise sleep until notified or the poll interval.
          const announced = wake.latest();
          if (announced !== undefined && announced > checkpoint) {
            await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
            retryDelayMs = Math.min(retryDelayMs * 2, pollIntervalMs);
          } else {
            await wake.wait(generation, pollIntervalMs);
          }
          if (stopped) return;
          generation = wake.generation();
          next = readAllPage(pool, after, pageSize);
        }
      };
      run().catch((error: unknown) => {
        if (!stopped) subscriber.error(error);
      });
      return () => {
        stopped = true;
        subscriptions.delete(stop);
      };
    });

  return {
    appendToStream,
    readStream,
    readAll,
    subscribeToAll,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of [...subscriptions]) stop();
      await notifier.close();
      await wakeups?.close();
      if (ownsPool) await pool.end();
    },
  };
};
