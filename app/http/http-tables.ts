import type pg from 'pg';

/**
 * The HTTP layer's own tables: sessions and idempotency records. Neither is business history (the events
 * are), so they live beside the read models and may be emptied at any time at the cost of logging in again.
 */
export const migrateHttpTables = async (pool: pg.Pool) => {
  // One statement list runs as one transaction; the lock keeps processes starting together from racing.
  await pool.query(`
    select pg_advisory_xact_lock(7342001);
    create table if not exists http_sessions (
      token_hash text primary key,
      account_id text not null,
      home_tenant_id text not null,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index if not exists http_sessions_expires_at on http_sessions (expires_at);
    create table if not exists http_idempotency (
      account_id text not null,
      key text not null,
      request_hash text not null,
      status integer,
      headers jsonb,
      body jsonb,
      created_at timestamptz not null default now(),
      primary key (account_id, key)
    );
    create index if not exists http_idempotency_created_at on http_idempotency (created_at);
  `);
};
