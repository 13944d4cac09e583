import { type Kysely, sql } from 'kysely';
import { migrateCheckpoints } from '../projections/index.js';

const name = 'process-manager';

/** Where the process manager got to, so a restart resumes there instead of reading the whole log again. */
export const loadManagerCheckpoint = async (db: Kysely<unknown>): Promise<string | undefined> => {
  await migrateCheckpoints(db);
  const { rows } = await sql<{ checkpoint: string }>`
    select checkpoint from projection_checkpoints where name = ${name}`.execute(db);
  return rows[0]?.checkpoint;
};

/**
 * Remembers the last handled checkpoint and stores it at most every `intervalMs`. Storing late is safe:
 * every effect command is idempotent, so events handled again after a crash change nothing.
 */
export const createManagerCheckpointSaver = (db: Kysely<unknown>, intervalMs = 1000) => {
  let latest: string | undefined;
  let saved: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const save = async () => {
    timer = undefined;
    const checkpoint = latest;
    if (checkpoint === undefined || checkpoint === saved) return;
    await sql`
      insert into projection_checkpoints (name, version, checkpoint, updated_at) values (${name}, 1, ${checkpoint}, now())
      on conflict (name) do update set checkpoint = excluded.checkpoint, updated_at = now()
      where projection_checkpoints.checkpoint < excluded.checkpoint`.execute(db);
    saved = checkpoint;
  };
  return {
    /** Called with each handled event's checkpoint, in log order. */
    handled(checkpoint: string) {
      latest = checkpoint;
      timer ??= setTimeout(() => void save().catch(() => undefined), intervalMs);
    },
    /** Stores what is pending now (at shutdown). */
    async flush() {
      if (timer) clearTimeout(timer);
      await save();
    },
  };
};
