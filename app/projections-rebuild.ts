import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { allProjections, rebuildProjections } from '../projections/index.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './database.js';
import { createProgressLine } from './progress-line.js';

/**
 * `npm run projections:rebuild [-- --projection NAME]`: replays the log into fresh tables while the
 * current ones keep serving, then swaps them in, with a progress bar.
 */
const main = async () => {
  const { values } = parseArgs({ options: { projection: { type: 'string', multiple: true } }, strict: true });
  const names = values.projection ?? allProjections.map((p) => p.name);
  const unknown = names.filter((name) => !allProjections.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `Unknown projection ${unknown.join(', ')}; known: ${allProjections.map((p) => p.name).join(', ')}`,
    );
  }
  const database = await openDatabase(loadConfig());
  try {
    const { rows } = await sql<{ n: string }>`select count(*) as n from es_events`.execute(database.db);
    const progress = createProgressLine('rebuild', { total: Number(rows[0]?.n ?? 0) });
    // One read of the log feeds every projection named; each is swapped in once it has caught up.
    await rebuildProjections({
      db: database.db,
      store: database.store,
      projections: allProjections.filter((p) => names.includes(p.name)),
      onProgress: ({ events, done, projection }) => {
        if (done) progress.done(events, `swapped in: ${projection}`);
        else progress.update(events);
      },
    });
  } finally {
    await database.close();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
