import pg from 'pg';
import { chainHash, eventDigest } from '../hash-chain.js';

/** Name of the channel that wakes subscribers when events are committed. */
export const notifyChannel = 'es_events';

/**
 * The event store's schema. `transaction_id` is the writer's xid8: readers order by (transaction_id,
 * global_position) and read only below the oldest transaction still running, so a transaction that
 * commits late delays readers but is never skipped.
 */
const schemaSql = `
create table if not exists es_events (
  global_position bigint generated always as identity,
  transaction_id xid8 not null,
  id uuid not null,
  stream_name text not null,
  stream_revision bigint not null,
  type text not null,
  data jsonb not null,
  metadata jsonb not null,
  recorded_at timestamptz not null default clock_timestamp(),
  constraint es_events_pkey primary key (transaction_id, global_position),
  constraint es_events_stream_revision_key unique (stream_name, stream_revision),
  constraint es_events_id_key unique (id)
);

-- The hash chain (event-store/hash-chain.ts): the append statement links each event to the hash of the one
-- before it in its stream, from the digest the writer sends. Rows stored before the chain existed are
-- chained by the migration, after which both columns are required: a writer that does not chain is refused.
alter table es_events add column if not exists digest bytea;
alter table es_events add column if not exists hash bytea;

drop function if exists es_append(text, text, jsonb);

-- The result of an earlier append of the same events ('repeated'), 'foreign' when their ids are stored
-- but not as one append to this stream, or no row when the first id is not stored at all.
create or replace function es_find_append(p_stream text, p_events jsonb)
returns table (outcome text, revision bigint, transaction_id xid8, global_position bigint)
language sql stable as $fn$
  with wanted as (
    select e.id, e.n from rows from (jsonb_to_recordset(p_events) as (id uuid)) with ordinality as e(id, n)
  ), stored as (
    select w.n, s.stream_name, s.stream_revision, s.transaction_id, s.global_position
      from wanted w left join es_events s on s.id = w.id
  )
  select
    case when bool_and(coalesce(stored.stream_name = p_stream
                       and stored.stream_revision = first.stream_revision + stored.n - 1, false))
         then 'repeated' else 'foreign' end,
    max(stored.stream_revision), max(stored.transaction_id), max(stored.global_position)
  from stored, (select stream_revision from stored where n = 1) first
  where first.stream_revision is not null
  having count(*) > 0
$fn$;
`;

/**
 * One data key per person of a tenant (event-store/personal-data.ts): personal fields of events are stored
 * encrypted under it. An erasure sets `key` to null and stamps `erased_at`; the row stays as a tombstone so
 * that no key is ever made again for that person.
 */
const personKeysSql = `
create table if not exists es_person_keys (
  tenant_id text not null,
  person_id text not null,
  key bytea,
  created_at timestamptz not null default now(),
  erased_at timestamptz,
  constraint es_person_keys_pkey primary key (tenant_id, person_id),
  constraint es_person_keys_erased check ((key is null) = (erased_at is not null))
);
`;

interface UnchainedRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  stream_name: string;
  stream_revision: string;
  previous: string | null;
}

/**
 * Gives events stored before the hash chain existed their digest and hash, stream by stream in revision
 * order, so the chain covers the whole log. Runs inside the migration's transaction; a no-op once done.
 */
const chainUnchainedEvents = async (client: pg.ClientBase) => {
  for (;;) {
    const { rows } = await client.query<UnchainedRow>(
      `select e.id, e.type, e.data, e.metadata, e.stream_name, e.stream_revision,
              encode(p.hash, 'hex') as previous
         from es_events e
         left join es_events p on p.stream_name = e.stream_name and p.stream_revision = e.stream_revision - 1
        where e.hash is null and (e.stream_revision = 0 or p.hash is not null)
        limit 5000`,
    );
    if (rows.length === 0) return;
    for (const row of rows) {
      const digest = eventDigest(row.stream_name, row);
      const hash = chainHash(row.previous, BigInt(row.stream_revision), digest);
      await client.query('update es_events set digest = $2, hash = $3 where id = $1', [
        row.id,
        Buffer.from(digest, 'hex'),
        Buffer.from(hash, 'hex'),
      ]);
    }
  }
};

/** Creates or updates the event store's schema; safe to run again and from several processes at once. */
export const migrateEventStore = async (target: { connectionString: string } | { pool: pg.Pool }) => {
  const pool =
    'pool' in target ? target.pool : new pg.Pool({ connectionString: target.connectionString, max: 1 });
  const client = await pool.connect();
  try {
    // A transaction-scoped advisory lock keeps concurrent start-ups from racing on the DDL.
    await client.query('begin');
    await client.query("select pg_advisory_xact_lock(hashtext('es_migrate'))");
    await client.query(schemaSql);
    await client.query(personKeysSql);
    await chainUnchainedEvents(client);
    // A stream with a gap (rows removed behind the store's back) cannot be chained: its rows keep no hash,
    // the columns stay optional and the audit's verify names them.
    await client.query(`do $$ begin
      if not exists (select from es_events where hash is null) then
        alter table es_events alter column digest set not null, alter column hash set not null;
      end if;
    end $$`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
    if (!('pool' in target)) await pool.end();
  }
};
