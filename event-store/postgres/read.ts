import type pg from 'pg';
import { toCheckpoint } from '../checkpoint.js';
import type { RecordedEvent } from '../event-store.js';

/** A row of `es_events` as the driver returns it (int8 and xid8 as strings, jsonb parsed). */
export interface EventRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  stream_name: string;
  stream_revision: string;
  global_position: string;
  transaction_id: string;
  recorded_at: Date;
  hash: string | null;
}

const columns = `id, type, data, metadata, stream_name, stream_revision, global_position, transaction_id,
  recorded_at, encode(hash, 'hex') as hash`;

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.id,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  streamName: row.stream_name,
  streamRevision: BigInt(row.stream_revision),
  globalPosition: BigInt(row.global_position),
  checkpoint: toCheckpoint(row.transaction_id, row.global_position),
  recordedAt: row.recorded_at,
  ...(row.hash === null ? {} : { hash: row.hash }),
});

/**
 * One keyset page of the log after (transaction id, position). Only transactions older than the oldest
 * one still running are read: every row they wrote is committed or gone, so nothing can appear behind
 * a reader's checkpoint later.
 */
export const readAllPage = async (
  db: Pick<pg.ClientBase, 'query'>,
  after: { major: bigint; minor: bigint },
  limit: number,
): Promise<EventRow[]> => {
  const { rows } = await db.query<EventRow>({
    name: 'es_read_all',
    text: `select ${columns} from es_events
      where (transaction_id, global_position) > ($1::xid8, $2::bigint)
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      order by transaction_id, global_position
      limit $3`,
    values: [after.major.toString(), after.minor.toString(), limit],
  });
  return rows;
};

/** One keyset page of a stream from a revision (inclusive). */
export const readStreamPage = async (
  db: Pick<pg.ClientBase, 'query'>,
  stream: string,
  fromRevision: bigint,
  limit: number,
): Promise<EventRow[]> => {
  const { rows } = await db.query<EventRow>({
    name: 'es_read_stream',
    text: `select ${columns} from es_events
      where stream_name = $1 and stream_revision >= $2
      order by stream_revision
      limit $3`,
    values: [stream, fromRevision.toString(), limit],
  });
  return rows;
};
