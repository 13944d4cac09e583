import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { loadConfig } from '../../app/config.js';
import { appRoles, startApp } from '../../app/start-app.js';
import { baselineRouter } from './baseline-route.js';
import { benchPasswordCost } from './prepare.js';
import type { ParentMessage, ServerMessage } from './server-process.js';

// The benchmark's server, run by bench/http.bench.ts as a child process so that the load generator does not
// share its event loop: every role, the baseline endpoint, logging off. Its clock continues the seeded
// history from BENCH_HTTP_CLOCK, so the dashboard's "this month" and the SLA clocks read the seeded data as
// current, and new tickets follow the old ones.

const send = (message: ServerMessage) => process.send?.(message);
const clockStart = Date.parse(process.env.BENCH_HTTP_CLOCK ?? '');
const startedAt = Date.now();
const now = Number.isNaN(clockStart) ? () => new Date() : () => new Date(clockStart + Date.now() - startedAt);

const app = await startApp({
  config: loadConfig({ DATABASE_URL: process.env.DATABASE_URL, PORT: '0', LOG_LEVEL: 'silent' }),
  roles: appRoles,
  logger: pino({ level: 'silent' }),
  passwordCost: benchPasswordCost,
  loginLimit: 1_000_000,
  now,
  extra: baselineRouter,
});

process.on('message', (message: ParentMessage) => {
  if (message.type === 'settle') {
    void (async () => {
      for (;;) {
        const runner = app.runner();
        if (!runner) await delay(100);
        else if (await runner.waitForCheckpoint(message.checkpoint, 1000)) break;
      }
      send({ type: 'settled' });
    })();
  } else if (message.type === 'stop') stop();
});
let stopping = false;
/** Stops serving and closes the database; also when the benchmark goes away without asking. */
const stop = () => {
  if (stopping) return;
  stopping = true;
  void app.close().finally(() => process.exit(0));
};
process.on('disconnect', stop);
send({ type: 'listening', url: app.url as string });
