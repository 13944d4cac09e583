import type pg from 'pg';
import type { Checkpoint } from '../event-store.js';
import { notifyChannel } from './schema.js';

/** Wakes subscribers when appends commit, from PostgreSQL's LISTEN/NOTIFY on one held connection. */
export interface Wakeups {
  /** Grows with every notification (and every reconnect, when notifications may have been missed). */
  generation(): number;
  /** The highest checkpoint announced so far: a reader behind it knows events are waiting for it. */
  latest(): Checkpoint | undefined;
  /** Resolves at the next notification after `generation`, or after `timeoutMs` (the polling fallback). */
  wait(generation: number, timeoutMs: number): Promise<void>;
  /** Wakes this process's subscribers at once after its own append (a hint to read, not a delivery). */
  signal(checkpoint: Checkpoint): void;
  /** Stops listening and releases the connection. */
  close(): Promise<void>;
}

export const listenForAppends = (pool: pg.Pool, onError: (error: unknown) => void): Wakeups => {
  let generation = 0;
  let latest: Checkpoint | undefined;
  let closed = false;
  let client: pg.PoolClient | undefined;
  let detach = () => {};
  let reconnectDelayMs = 50;
  const waiters = new Set<() => void>();

  const note = (checkpoint: string | undefined) => {
    if (checkpoint && (latest === undefined || checkpoint > latest)) latest = checkpoint;
  };
  const bump = () => {
    generation += 1;
    for (const wake of waiters) wake();
    waiters.clear();
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    let acquired: pg.PoolClient | undefined;
    // A connection lost during LISTEN reaches both the error listener and the catch below: reconnect once,
    // or two loops would each hold a connection and the pool could never end.
    let retried = false;
    const retry = () => {
      if (retried || closed) return;
      retried = true;
      setTimeout(connect, reconnectDelayMs).unref();
    };
    try {
      const connected = await pool.connect();
      acquired = connected;
      if (closed) {
        connected.release();
        return;
      }
      client = connected;
      const onNotification = (message: pg.Notification) => {
        note(message.payload);
        bump();
      };
      const onConnectionError = (error: Error) => {
        onError(error);
        connected.off('notification', onNotification);
        connected.off('error', onConnectionError);
        if (client === connected) client = undefined;
        connected.release(error);
        bump();
        retry();
      };
      connected.on('notification', onNotification);
      connected.on('error', onConnectionError);
      detach = () => {
        connected.off('notification', onNotification);
        connected.off('error', onConnectionError);
      };
      await connected.query(`listen ${notifyChannel}`);
      reconnectDelayMs = 50;
      // Anything committed while we were not listening must be read: wake everyone once.
      bump();
    } catch (error) {
      onError(error);
      if (acquired && client === acquired) {
        detach();
        client = undefined;
        acquired.release(error instanceof Error ? error : true);
      }
      reconnectDelayMs = Math.min(reconnectDelayMs * 2, 5_000);
      retry();
    }
  };
  const ready = connect();

  return {
    generation: () => generation,
    signal(checkpoint) {
      note(checkpoint);
      bump();
    },
    latest: () => latest,
    wait(since, timeoutMs) {
      if (closed || generation !== since) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve();
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.add(done);
      });
    },
    async close() {
      closed = true;
      await ready;
      bump();
      if (client) {
        const listening = client;
        client = undefined;
        detach();
        // Closed rather than returned to the pool, so no other user inherits the LISTEN.
        listening.release(true);
      }
    },
  };
};
