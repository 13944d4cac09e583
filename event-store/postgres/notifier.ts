import type pg from 'pg';
import type { Checkpoint } from '../event-store.js';
import { notifyChannel } from './schema.js';

/** Announces committed appends on the LISTEN/NOTIFY channel, after commit and outside the append. */
export interface Notifier {
  /** Announces that events up to `checkpoint` are committed; coalesced with nearby announcements. */
  announce(checkpoint: Checkpoint): void;
  /** Sends what is still pending and waits for it. */
  close(): Promise<void>;
}

/**
 * A NOTIFY inside the appending transaction would make every append take PostgreSQL's cluster-wide
 * notification lock at commit, serialising concurrent commits and defeating group commit; and a NOTIFY
 * per append would cost a round trip per append. So the append commits first, and the store announces
 * afterwards: the first append after a quiet spell at once, then at most one NOTIFY per `intervalMs`,
 * carrying the highest checkpoint appended meanwhile. Subscribers in this process are woken directly;
 * those elsewhere wait at most the interval. A lost announcement (a crash between commit and NOTIFY)
 * costs a subscriber one polling interval, never an event.
 */
// NOTIFY needs a transaction id, so it commits like a write; nothing is lost if that commit is not flushed
// to disk before it returns, so it does not wait for (or add) a WAL flush.
const notifySql = "select set_config('synchronous_commit', 'off', true), pg_notify($1, $2)";

export const createNotifier = (
  pool: pg.Pool,
  intervalMs: number,
  onError: (error: unknown) => void,
): Notifier => {
  let pending: Checkpoint | undefined;
  let sending: Promise<void> | undefined;
  let resting: NodeJS.Timeout | undefined;

  const flush = (): void => {
    const checkpoint = pending;
    if (checkpoint === undefined || sending || resting) return;
    pending = undefined;
    sending = pool
      .query({ name: 'es_notify', text: notifySql, values: [notifyChannel, checkpoint] })
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        sending = undefined;
        resting = setTimeout(() => {
          resting = undefined;
          flush();
        }, intervalMs);
        resting.unref();
      });
  };

  return {
    announce(checkpoint) {
      if (pending === undefined || checkpoint > pending) pending = checkpoint;
      flush();
    },
    async close() {
      if (resting) {
        clearTimeout(resting);
        resting = undefined;
      }
      await sending;
      flush();
      await sending;
      if (resting) clearTimeout(resting);
      resting = undefined;
    },
  };
};
