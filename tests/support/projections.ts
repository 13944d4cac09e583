import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import {
  createPostgresEventStore,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
} from '../../event-store/index.js';
import {
  type AnyProjection,
  createProjectionRunner,
  type ProjectionRunner,
} from '../../projections/index.js';
import { createTestDatabase } from './database.js';
import { schemaRegistry } from './stores.js';

/** A fresh database with the event store (schema-checked), a kysely handle and a started runner. */
export interface ProjectionHarness<Tables> {
  store: EventStore;
  db: Kysely<Tables>;
  runner: ProjectionRunner;
}

export const openProjectionHarness = async <Tables>(
  projections: readonly AnyProjection[],
  prefix = 'projection',
): Promise<ProjectionHarness<Tables>> => {
  const connectionString = await createTestDatabase(prefix);
  await migrateEventStore({ connectionString });
  const store = withEventSchemas(createPostgresEventStore({ connectionString }), schemaRegistry);
  const pool = new pg.Pool({ connectionString });
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const runner = createProjectionRunner({ db, store, projections, batchMs: 5 });
  await runner.start();
  return { store, db, runner };
};
