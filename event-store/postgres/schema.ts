import pg from 'pg';

/** Name of the channel that wakes subscribers when events are committed. */
export const notifyChannel = 'es_events';

/**
 * The event store's schema. `transaction_id` is the writer's xid8: readers order by (transaction_id,
 * global_position) and read only below the oldest transaction still running, so a transaction that
 * commits late delays readers but is never skipped. `es_streams` holds one row per stream: appends to
 * the same stream queue on its row lock, appends to different streams never wait for each other.
 */
const schemaSql = `
create table if not exists es_streams (
  stream_name text primary key,
  revision bigint not null,
  transaction_id xid8 not null
);

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

-- One round trip per append: the idempotency check, the revision check, the stream row and the inserts.
-- Outcomes: 'appended' and 'repeated' carry the result; 'conflict' carries the actual revision (null when
-- the stream does not exist); 'retry' means a writer with a later transaction id wrote this stream first,
-- so appending now would sort our events before theirs: the caller runs the append again in a new
-- transaction, whose id is later. 'foreign' means an event id is stored in another stream or append.
create or replace function es_append(p_stream text, p_expected text, p_events jsonb)
returns table (outcome text, revision bigint, transaction_id xid8, global_position bigint)
language plpgsql as $fn$
declare
  v_count int := jsonb_array_length(p_events);
  v_xid xid8 := pg_current_xact_id();
  v_first uuid := (p_events -> 0 ->> 'id')::uuid;
  v_last uuid := (p_events -> (v_count - 1) ->> 'id')::uuid;
  v_revision bigint;
  v_position bigint;
  v_row record;
begin
  select e.stream_name, e.stream_revision into v_row from es_events e where e.id = v_first;
  if found then
    select e.stream_name, e.stream_revision, e.transaction_id, e.global_position into v_row
      from es_events e where e.id = v_last;
    if found and v_row.stream_name = p_stream then
      return query select 'repeated'::text, v_row.stream_revision, v_row.transaction_id, v_row.global_position;
    else
      return query select 'foreign'::text, null::bigint, null::xid8, null::bigint;
    end if;
    return;
  end if;

  if p_expected = 'any' then
    insert into es_streams as s (stream_name, revision, transaction_id) values (p_stream, v_count - 1, v_xid)
      on conflict (stream_name) do update set revision = s.revision + v_count, transaction_id = v_xid
      where s.transaction_id <= v_xid
      returning s.revision into v_revision;
  elsif p_expected = 'no_stream' then
    insert into es_streams (stream_name, revision, transaction_id) values (p_stream, v_count - 1, v_xid)
      on conflict (stream_name) do nothing
      returning es_streams.revision into v_revision;
  elsif p_expected = 'stream_exists' then
    update es_streams s set revision = s.revision + v_count, transaction_id = v_xid
      where s.stream_name = p_stream and s.transaction_id <= v_xid
      returning s.revision into v_revision;
  else
    update es_streams s set revision = s.revision + v_count, transaction_id = v_xid
      where s.stream_name = p_stream and s.revision = p_expected::bigint and s.transaction_id <= v_xid
      returning s.revision into v_revision;
  end if;

  if v_revision is null then
    select s.revision, s.transaction_id into v_row from es_streams s where s.stream_name = p_stream;
    if found and v_row.transaction_id > v_xid
       and (p_expected in ('any', 'stream_exists') or p_expected = v_row.revision::text) then
      return query select 'retry'::text, v_row.revision, null::xid8, null::bigint;
    else
      return query select 'conflict'::text, v_row.revision, null::xid8, null::bigint;
    end if;
    return;
  end if;

  with inserted as (
    insert into es_events (transaction_id, id, stream_name, stream_revision, type, data, metadata)
    select v_xid, e.id, p_stream, v_revision - v_count + e.n, e.type, e.data, e.metadata
      from rows from (jsonb_to_recordset(p_events) as (id uuid, type text, data jsonb, metadata jsonb))
        with ordinality as e(id, type, data, metadata, n)
      order by e.n
    returning es_events.global_position
  )
  select max(inserted.global_position) into v_position from inserted;

  -- Delivered at commit, so a woken subscriber can already read these events (once older writers finish).
  perform pg_notify('es_events', lpad(v_xid::text, 20, '0') || ':' || lpad(v_position::text, 20, '0'));
  return query select 'appended'::text, v_revision, v_xid, v_position;
end
$fn$;
`;

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
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
    if (!('pool' in target)) await pool.end();
  }
};
