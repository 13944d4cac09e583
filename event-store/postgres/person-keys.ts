import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { PersonKey, PersonKeys } from '../person-keys.js';

interface KeyRow {
  key: Buffer | null;
}

const toKey = (row: KeyRow | undefined): PersonKey | undefined => {
  if (row === undefined) return undefined;
  return row.key === null ? { status: 'erased' } : { status: 'active', key: row.key };
};

/**
 * Person keys in `es_person_keys` (created by `migrateEventStore`). A deleted key leaves its row with the
 * key set to null and `erased_at`: the tombstone keeps a key from ever being made again for that person.
 */
export const createPostgresPersonKeys = (pool: Pick<pg.Pool, 'query'>): PersonKeys => {
  const select = async (tenantId: string, personId: string) => {
    const { rows } = await pool.query<KeyRow>(
      'select key from es_person_keys where tenant_id = $1 and person_id = $2',
      [tenantId, personId],
    );
    return toKey(rows[0]);
  };
  return {
    get: select,
    async create(tenantId, personId) {
      // Two writers making the first key of one person at once: the second insert does nothing and reads the
      // first one's key in a statement of its own (a new snapshot, which sees the committed row).
      const { rows } = await pool.query<KeyRow>(
        `insert into es_person_keys (tenant_id, person_id, key) values ($1, $2, $3)
         on conflict (tenant_id, person_id) do nothing returning key`,
        [tenantId, personId, randomBytes(32)],
      );
      const made = toKey(rows[0]) ?? (await select(tenantId, personId));
      if (!made) throw new Error(`es_person_keys: no key for person ${personId} after making one`);
      return made;
    },
    async delete(tenantId, personId) {
      await pool.query(
        `insert into es_person_keys (tenant_id, person_id, key, erased_at) values ($1, $2, null, now())
         on conflict (tenant_id, person_id)
         do update set key = null, erased_at = coalesce(es_person_keys.erased_at, excluded.erased_at)`,
        [tenantId, personId],
      );
    },
  };
};
