// A projector in a process of its own, for the crash test: it runs until it is killed.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createPostgresEventStore, withEventSchemas } from '../../../event-store/index.js';
import { allProjections, createProjectionRunner } from '../../../projections/index.js';
import { schemaRegistry } from '../../support/stores.js';

const connectionString = process.env.PROJECTOR_DATABASE_URL;
if (!connectionString) throw new Error('PROJECTOR_DATABASE_URL is not set');
const pool = new pg.Pool({ connectionString });
pool.on('error', () => undefined);
const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
const store = withEventSchemas(createPostgresEventStore({ pool }), schemaRegistry);
const runner = createProjectionRunner({
  db,
  store,
  projections: allProjections,
  batchSize: Number(process.env.PROJECTOR_BATCH_SIZE ?? 25),
  onError: (error) => {
    console.error(error);
    process.exit(2);
  },
});
await runner.start();
process.stdout.write('caught-up\n');
