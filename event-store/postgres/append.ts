import type pg from 'pg';
import { assertAppendable } from '../append-guard.js';
import { toCheckpoint } from '../checkpoint.js';
import { InvalidAppendError, WrongExpectedRevisionError } from '../errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.js';
import { eventDigest } from '../hash-chain.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * What one append statement did. `retry`: run the append again in a new transaction (another writer took
 * the revision, or wrote the stream from a later transaction). `stored`: an event id is already stored, so
 * this may be a repeat: ask `findRepeatedAppend` on a connection outside this transaction.
 */
export type AppendOutcome =
  | { outcome: 'appended' | 'repeated'; result: AppendResult }
  | { outcome: 'retry' | 'stored' };

const payloadOf = (events: NewEvent[]) =>
  JSON.stringify(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })));

/** The events with their digests (hash-chain.ts); the table's trigger chains them to the stream. */
const chainedPayloadOf = (stream: string, events: NewEvent[]) =>
  JSON.stringify(
    events.map(({ id, type, data, metadata }) => ({
      id,
      type,
      data,
      metadata,
      digest: eventDigest(stream, { id, type, data, metadata }),
    })),
  );

/**
 * One statement, one round trip: read the stream's last revision, check the expected revision, insert.
 * Two writers of one stream both try to insert the same next revision; the unique index makes the second
 * wait for the first and then fail, and its append runs again. Writers of different streams never wait
 * for each other. The last condition keeps stream order equal to log order: a transaction whose id is
 * older than that of the stream's last writer would sort its events before that writer's in the log, so
 * it inserts nothing and the append runs again in a new transaction, whose id is later.
 */
const allowedCtes = `
with recursive last as (
  select stream_revision, transaction_id, hash from es_events
  where stream_name = $1 order by stream_revision desc limit 1
), allowed as (
  select coalesce((select stream_revision from last), -1) as revision,
    coalesce((select hash from last), ''::bytea) as previous
  where case $2::text
      when 'any' then true
      when 'no_stream' then not exists (select from last)
      when 'stream_exists' then exists (select from last)
      else $2::text = (select stream_revision::text from last)
    end
    and coalesce((select transaction_id from last), '0'::xid8) <= pg_current_xact_id()
)`;

const insertInto =
  'insert into es_events (transaction_id, id, stream_name, stream_revision, type, data, metadata, digest, hash)';

const returning = 'returning stream_revision, transaction_id, global_position';

/**
 * Most commands record one event: its fields go as plain parameters, as in a single-row INSERT. Its hash
 * links it to the stream's last event (hash-chain.ts), read in the same statement.
 */
const appendOneSql = `${allowedCtes}
${insertInto}
select pg_current_xact_id(), $3::uuid, $1, allowed.revision + 1, $4::text, $5::jsonb, $6::jsonb, $7::bytea,
  sha256(allowed.previous || int8send(allowed.revision + 1) || $7::bytea)
from allowed
${returning}`;

/** Several events go as one JSON array, inserted in order, each hash linking to the one before. */
const appendManySql = `${allowedCtes}, batch as (
  select e.id, e.type, e.data, e.metadata, decode(e.digest, 'hex') as digest, e.n
  from rows from (jsonb_to_recordset($3::jsonb) as (id uuid, type text, data jsonb, metadata jsonb, digest text))
    with ordinality as e(id, type, data, metadata, digest, n)
), chain as (
  select b.n, sha256(allowed.previous || int8send(allowed.revision + 1) || b.digest) as hash
  from allowed, batch b where b.n = 1
  union all
  select b.n, sha256(chain.hash || int8send(allowed.revision + b.n) || b.digest)
  from chain join batch b on b.n = chain.n + 1, allowed
)
${insertInto}
select pg_current_xact_id(), b.id, $1, allowed.revision + b.n, b.type, b.data, b.metadata, b.digest, chain.hash
from allowed, batch b join chain on chain.n = b.n
order by b.n
${returning}`;

const appendQuery = (stream: string, events: NewEvent[], expectedRevision: ExpectedRevision) => {
  const [only] = events;
  if (events.length === 1 && only) {
    return {
      name: 'es_append_one',
      text: appendOneSql,
      values: [
        stream,
        String(expectedRevision),
        only.id,
        only.type,
        JSON.stringify(only.data),
        JSON.stringify(only.metadata),
        Buffer.from(eventDigest(stream, only), 'hex'),
      ],
    };
  }
  return {
    name: 'es_append_many',
    text: appendManySql,
    values: [stream, String(expectedRevision), chainedPayloadOf(stream, events)],
  };
};

interface InsertedRow {
  stream_revision: string;
  transaction_id: string;
  global_position: string;
}

interface FoundRow {
  outcome: 'repeated' | 'foreign';
  revision: string;
  transaction_id: string;
  global_position: string;
}

const foreign = (stream: string) =>
  new InvalidAppendError(stream, 'an event id is already stored, but not as this append to this stream');

const uniqueViolation = (error: unknown, constraint: string): boolean =>
  error instanceof Error &&
  (error as { code?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === constraint;

const matches = (expected: ExpectedRevision, actual: bigint | undefined): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' && actual === undefined) ||
  (expected === 'stream_exists' && actual !== undefined) ||
  expected === actual;

/** The stream's last revision, or undefined when it has no events. */
const lastRevision = async (db: Queryable, stream: string): Promise<bigint | undefined> => {
  const { rows } = await db.query<{ stream_revision: string }>({
    name: 'es_last_revision',
    text: 'select stream_revision from es_events where stream_name = $1 order by stream_revision desc limit 1',
    values: [stream],
  });
  return rows[0] ? BigInt(rows[0].stream_revision) : undefined;
};

/** The original result of an append whose events are all stored already; undefined if none is stored. */
export const findRepeatedAppend = async (
  db: Queryable,
  stream: string,
  events: NewEvent[],
): Promise<AppendResult | undefined> => {
  const { rows } = await db.query<FoundRow>({
    name: 'es_find_append',
    text: 'select * from es_find_append($1, $2::jsonb)',
    values: [stream, payloadOf(events)],
  });
  const row = rows[0];
  if (!row) return undefined;
  if (row.outcome !== 'repeated') throw foreign(stream);
  return {
    nextExpectedRevision: BigInt(row.revision),
    checkpoint: toCheckpoint(row.transaction_id, row.global_position),
  };
};

/**
 * Runs one append on a connection: a pool for autocommit, or a client inside a transaction the caller
 * holds (which must be rolled back unless the outcome is `appended`). Throws `WrongExpectedRevisionError`
 * and `InvalidAppendError`.
 */
export const appendWith = async (
  db: Queryable,
  stream: string,
  events: NewEvent[],
  expectedRevision: ExpectedRevision,
): Promise<AppendOutcome> => {
  assertAppendable(stream, events);
  let inserted: InsertedRow[];
  try {
    const { rows } = await db.query<InsertedRow>(appendQuery(stream, events, expectedRevision));
    inserted = rows;
  } catch (error) {
    if (uniqueViolation(error, 'es_events_stream_revision_key')) return { outcome: 'retry' };
    if (uniqueViolation(error, 'es_events_id_key')) return { outcome: 'stored' };
    throw error;
  }
  const last = inserted.at(-1);
  if (last) {
    return {
      outcome: 'appended',
      result: {
        nextExpectedRevision: BigInt(last.stream_revision),
        checkpoint: toCheckpoint(last.transaction_id, last.global_position),
      },
    };
  }
  // Nothing inserted: the expected revision did not hold (a conflict, or a repeat of an earlier append),
  // or a later transaction wrote the stream first (run again).
  const actual = await lastRevision(db, stream);
  if (matches(expectedRevision, actual)) return { outcome: 'retry' };
  const repeated = await findRepeatedAppend(db, stream, events);
  if (repeated) return { outcome: 'repeated', result: repeated };
  throw new WrongExpectedRevisionError(stream, expectedRevision, actual ?? 'no_stream');
};
