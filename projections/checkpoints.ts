import { type Kysely, sql } from 'kysely';

/** Where each projection has got to in the log: written in the same transaction as its rows. */
export interface CheckpointTables {
  projection_checkpoints: {
    name: string;
    version: number;
    checkpoint: string;
    updated_at: Date;
  };
}

export const migrateCheckpoints = async (db: Kysely<unknown>) => {
  await db.schema
    .createTable('projection_checkpoints')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('checkpoint', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
};

/** The checkpoint a projection has passed, or undefined when it has applied nothing yet. */
export const readCheckpoint = async (db: Kysely<CheckpointTables>, name: string) =>
  (await db
    .selectFrom('projection_checkpoints')
    .select(['checkpoint', 'version'])
    .where('name', '=', name)
    .executeTakeFirst()) ?? undefined;
