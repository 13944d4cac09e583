import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { eventSchemas, eventUpcasters } from '../domain/event-catalogue.js';
import { personalDataCatalogue } from '../domain/person/personal-data.js';
import {
  createPostgresEventStore,
  createPostgresPersonKeys,
  createSchemaRegistry,
  type EventStore,
  migrateEventStore,
  withEventSchemas,
  withPersonalData,
  withPersonKeyCache,
} from '../event-store/index.js';
import type { Config } from './config.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './embedded-database.js';

/** The database the app runs on, with the event store (schema-checked) and the read models' kysely handle. */
export interface Database {
  connectionString: string;
  embedded: EmbeddedDatabase | undefined;
  pool: pg.Pool;
  store: EventStore;
  db: Kysely<unknown>;
  close(): Promise<void>;
}

/**
 * The event store as the app uses it on `pool` (a migrated database): personal data encrypted per person
 * (withPersonalData), inside the schema checks, which so see plain data on append and the erased
 * placeholders on read. Benchmarks build theirs here too, to measure the same path.
 */
export const createAppEventStore = (pool: pg.Pool): EventStore => {
  const registry = createSchemaRegistry({ schemas: eventSchemas, upcasters: eventUpcasters });
  const keys = withPersonKeyCache(createPostgresPersonKeys(pool));
  return withEventSchemas(
    withPersonalData(createPostgresEventStore({ pool }), { catalogue: personalDataCatalogue, keys }),
    registry,
  );
};

/** Starts the embedded PostgreSQL unless DATABASE_URL names one, migrates the event store and opens both sides. */
export const openDatabase = async (config: Config): Promise<Database> => {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase({ dataDir: path.join(config.DATA_DIR, 'postgres') });
  const connectionString = config.DATABASE_URL ?? (embedded?.connectionString as string);
  await migrateEventStore({ connectionString });
  // A request must fail fast (503) while the database is away rather than wait for a connection forever.
  const pool = new pg.Pool({ connectionString, max: 20, connectionTimeoutMillis: 5000 });
  let closing = false;
  // Idle connections dropped by the server are replaced by the pool; while closing they are expected.
  pool.on('error', (error) => {
    if (!closing) console.error('PostgreSQL connection error:', error.message);
  });
  // The pool listens for errors on idle clients only. A client checked out between two queries (inside a
  // transaction) that loses its server would emit 'error' with no listener and crash the process; its
  // next query fails anyway (and reaches the caller), so the event itself needs no handling.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const store = createAppEventStore(pool);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return {
    connectionString,
    embedded,
    pool,
    store,
    db,
    async close() {
      closing = true;
      await store.close();
      await db.destroy();
      await embedded?.stop();
    },
  };
};
