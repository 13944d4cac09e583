import path from 'node:path';
import { migrateEventStore } from '../event-store/index.js';
import { ConfigError, loadConfig } from './config.js';
import { startEmbeddedDatabase } from './embedded-database.js';

/** `npm start`: the database (embedded unless DATABASE_URL is set) with the event store's schema. */
const main = async () => {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase({ dataDir: path.join(config.DATA_DIR, 'postgres') });
  const connectionString = config.DATABASE_URL ?? (embedded?.connectionString as string);
  await migrateEventStore({ connectionString });
  const where = embedded
    ? `embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`
    : 'PostgreSQL from DATABASE_URL';
  console.log(`Event store ready: ${where}. Press Ctrl-C to stop.`);

  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping`);
    try {
      await embedded?.stop();
      process.exit(0);
    } catch (error) {
      console.error('Stopping the embedded database failed:', error);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
