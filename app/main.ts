import { startProcessManager } from '../commands/process/process-manager.js';
import { allProjections, createProjectionRunner } from '../projections/index.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './database.js';
import { createManagerCheckpointSaver, loadManagerCheckpoint } from './process-manager-checkpoint.js';

/**
 * `npm start`: the database (embedded unless DATABASE_URL is set), the event store, the projections kept
 * up to date and the process manager. The HTTP APIs and the panel come with later issues.
 */
const main = async () => {
  const config = loadConfig();
  const database = await openDatabase(config);
  const runner = createProjectionRunner({
    db: database.db,
    store: database.store,
    projections: allProjections,
    onError: (error, projection) => console.error(`Projection ${projection} stopped:`, error),
  });
  await runner.start();
  const after = await loadManagerCheckpoint(database.db);
  const checkpoints = createManagerCheckpointSaver(database.db);
  const manager = startProcessManager(
    { store: database.store },
    {
      ...(after === undefined ? {} : { after }),
      onHandled: (checkpoint) => checkpoints.handled(checkpoint),
      onError: (error) => console.error('Process manager stopped:', error),
    },
  );
  const where = database.embedded
    ? `embedded PostgreSQL on 127.0.0.1:${database.embedded.port}, data in ${database.embedded.dataDir}`
    : 'PostgreSQL from DATABASE_URL';
  console.log(`Event store ready: ${where}. Projections: ${allProjections.map((p) => p.name).join(', ')}.`);
  console.log('Press Ctrl-C to stop.');

  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping`);
    try {
      manager.unsubscribe();
      await checkpoints.flush();
      runner.stop();
      await database.close();
      process.exit(0);
    } catch (error) {
      console.error('Stopping failed:', error);
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
