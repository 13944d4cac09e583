import { parseArgs } from 'node:util';
import { loadConfig } from '../app/config.js';
import { openDatabase } from '../app/database.js';
import { seedScale } from './scale/seed-scale.js';

/** `npm run seed:scale -- --tenants 200 --events 1000000 --seed 42`: a realistic, deterministic history. */
const { values } = parseArgs({
  options: {
    tenants: { type: 'string', default: '200' },
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    concurrency: { type: 'string', default: '8' },
  },
  strict: true,
});
const number = (name: string, value: string | undefined) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive whole number`);
  return parsed;
};
const options = {
  tenants: number('tenants', values.tenants),
  events: number('events', values.events),
  seed: number('seed', values.seed),
  concurrency: number('concurrency', values.concurrency),
};
const database = await openDatabase(loadConfig());
const started = Date.now();
let shown = 0;
const show = (written: number) => {
  shown = written;
  const share = Math.min(written / options.events, 1);
  const rate = Math.round(written / Math.max((Date.now() - started) / 1000, 0.001));
  process.stderr.write(
    `\r[${'#'.repeat(Math.round(share * 30)).padEnd(30, '-')}] ${Math.round(share * 100)}% ${written} events, ${rate} events/s`,
  );
};
try {
  const { events } = await seedScale(database.store, {
    ...options,
    // Every 5,000 events; the tenants' last activities past the target show in the final line only.
    onProgress: (written) => {
      if (written - shown >= 5000 && written <= options.events) show(written);
    },
  });
  show(events);
  process.stderr.write(`\nWrote ${events} events for ${options.tenants} tenants (seed ${options.seed}).\n`);
} finally {
  await database.close();
}
