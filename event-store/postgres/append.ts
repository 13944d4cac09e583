import type pg from 'pg';
import { assertAppendable } from '../append-guard.js';
import { toCheckpoint } from '../checkpoint.js';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.js';

/** What one call of `es_append` did; `retry` asks for the append to run again in a new transaction. */
export type AppendOutcome = { outcome: 'appended' | 'repeated'; result: AppendResult } | { outcome: 'retry' };

interface AppendRow {
  outcome: 'appended' | 'repeated' | 'conflict' | 'retry' | 'foreign';
  revision: string | null;
  transaction_id: string | null;
  global_position: string | null;
}

const appendQuery = 'select * from es_append($1, $2, $3::jsonb)';

/**
 * Runs one append on a connection (a pool for autocommit, or a client inside a transaction the caller
 * holds). Throws `WrongExpectedRevisionError` and `InvalidAppendError`; returns `retry` when the append
 * must be repeated in a later transaction to keep stream order equal to log order.
 */
export const appendWith = async (
  db: Pick<pg.ClientBase, 'query'>,
  stream: string,
  events: NewEvent[],
  expectedRevision: ExpectedRevision,
): Promise<AppendOutcome> => {
  assertAppendable(stream, events);
  const payload = JSON.stringify(
    events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
  );
  const { rows } = await db.query<AppendRow>({
    name: 'es_append',
    text: appendQuery,
    values: [stream, String(expectedRevision), payload],
  });
  const row = rows[0];
  if (!row) throw new Error('es_append returned no row');
  switch (row.outcome) {
    case 'appended':
    case 'repeated':
      return {
        outcome: row.outcome,
        result: {
          nextExpectedRevision: BigInt(row.revision as string),
          checkpoint: toCheckpoint(row.transaction_id as string, row.global_position as string),
        },
      };
    case 'retry':
      return { outcome: 'retry' };
    case 'conflict':
      throw new WrongExpectedRevisionError(
        stream,
        expectedRevision,
        row.revision === null ? 'no_stream' : BigInt(row.revision),
      );
    case 'foreign':
      throw new InvalidAppendError(stream, 'an event id is already stored in another stream or append');
    default: {
      const unknown: never = row.outcome;
      throw new Error(`es_append returned unknown outcome ${String(unknown)}`);
    }
  }
};

/** Unique violation on the event id: a concurrent append of the same events committed first. */
export const isDuplicateEventId = (error: unknown): boolean =>
  error instanceof Error &&
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'es_events_id_key';
