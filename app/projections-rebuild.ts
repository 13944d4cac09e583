import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { allProjections, type RebuildProgress, rebuildProjections } from '../projections/index.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './database.js';

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
    const total = Number(rows[0]?.n ?? 0);
    // One read of the log feeds every projection named; each is swapped in once it has caught up.
    await rebuildProjections({
      db: database.db,
      store: database.store,
      projections: allProjections.filter((p) => names.includes(p.name)),
      onProgress: (progress) => process.stderr.write(bar(progress, total)),
    });
    process.stderr.write('\n');
  } finally {
    await database.close();
  }
};

const bar = (progress: RebuildProgress, total: number) => {
  const share = total === 0 ? 1 : Math.min(progress.events / total, 1);
  const width = 30;
  const filled = Math.round(share * width);
  const number = new Intl.NumberFormat('en-US');
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(
    3,
  )}% ${number.format(progress.events)}/${number.format(total)} events, ${number.format(
    Math.round(progress.eventsPerSecond),
  )} events/s${progress.done ? `, swapped in: ${progress.projection}` : ''}`;
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
