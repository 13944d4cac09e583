import type pg from 'pg';
import { parseCheckpoint } from '../../event-store/checkpoint.js';

const cap = 10_000;

/**
 * How many events of the log each projection has still to apply, counted up to 10,000 (enough to say
 * "far behind" without scanning a long log). A projection that has never run counts from the start.
 */
export const projectionLag = async (pool: pg.Pool, projections: readonly string[]) => {
  const { rows } = await pool.query<{ name: string; checkpoint: string }>(
    'select name, checkpoint from projection_checkpoints where name = any($1)',
    [projections],
  );
  const checkpoints = new Map(rows.map((row) => [row.name, row.checkpoint]));
  // Projections usually stand at the same checkpoint (all caught up): count once per distinct checkpoint.
  const counts = new Map<string, Promise<number>>();
  const behind = (checkpoint: string | undefined) => {
    const key = checkpoint ?? '';
    let count = counts.get(key);
    if (!count) {
      const { major, minor } = checkpoint ? parseCheckpoint(checkpoint) : { major: 0n, minor: 0n };
      count = pool
        .query<{ n: string }>(
          `select count(*) as n from (select 1 from es_events
            where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
              and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            limit ${cap}) as behind`,
          [major.toString(), minor.toString()],
        )
        .then((counted) => Number(counted.rows[0]?.n ?? 0));
      counts.set(key, count);
    }
    return count;
  };
  const lag: Record<string, number> = {};
  for (const name of projections) lag[name] = await behind(checkpoints.get(name));
  return lag;
};
