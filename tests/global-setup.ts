import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../app/embedded-database.js';

// One throwaway PostgreSQL for the whole run, or a fresh database on the server DATABASE_URL names.
let embedded: EmbeddedDatabase | undefined;
let tempDir: string | undefined;
let externalDatabase: { admin: string; name: string } | undefined;

export const mochaGlobalSetup = async () => {
  if (process.env.DATABASE_URL) {
    const name = `test_run_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    externalDatabase = { admin: process.env.DATABASE_URL, name };
    process.env.TEST_POSTGRES_URL = url.toString();
    return;
  }
  tempDir = await mkdtemp(path.join(tmpdir(), 'it-ops-test-'));
  embedded = await startEmbeddedDatabase({
    dataDir: path.join(tempDir, 'postgres'),
    throwaway: true,
    // Durability is irrelevant for a cluster deleted after the run; speed is not.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  process.env.TEST_POSTGRES_URL = embedded.connectionString;
};

export const mochaGlobalTeardown = async () => {
  // A teardown that never finishes would hang the run as surely as a leak: it fails it instead.
  const watchdog = setTimeout(() => {
    console.error(`The test run's teardown did not finish in 2 minutes. ${whatKeepsRunning()}`);
    process.exit(1);
  }, 120_000).unref();
  if (externalDatabase) {
    const admin = new pg.Client({ connectionString: externalDatabase.admin });
    await admin.connect();
    await admin.query(`drop database if exists ${externalDatabase.name} with (force)`);
    await admin.end();
  }
  await embedded?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
  clearTimeout(watchdog);
  reportWhatKeepsRunning();
};

/**
 * After the run, nothing of the specs should keep Node's event loop alive; something that does (a socket, a
 * child process, a timer a spec forgot) would hold the run open with no output until CI gives up on it.
 * So whatever is still alive a while after the teardown is named on stderr, and the run ends with the exit
 * code the specs gave it.
 */
const reportWhatKeepsRunning = () => {
  setTimeout(() => {
    console.error(
      `The specs left something keeping Node alive after the run; ending it anyway. ${whatKeepsRunning()}`,
    );
    process.exit();
  }, 15_000).unref();
};

const whatKeepsRunning = () => {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  const named = handles.map(describeHandle).filter((line) => line !== undefined);
  const resources = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
  return `Alive: ${resources.join(', ')}\n${named.map((line) => `  ${line}`).join('\n')}`;
};

const describeHandle = (handle: object): string | undefined => {
  const kind = handle.constructor?.name ?? typeof handle;
  const h = handle as Record<string, unknown>;
  // The run's own standard streams are not leaks.
  if ((handle as { fd?: number }).fd !== undefined && [0, 1, 2].includes((handle as { fd: number }).fd))
    return;
  if (typeof h.spawnfile === 'string') return `${kind} ${h.spawnfile} (pid ${h.pid})`;
  if (typeof h.remotePort === 'number' || typeof h.localPort === 'number')
    return `${kind} ${h.localAddress}:${h.localPort} -> ${h.remoteAddress}:${h.remotePort}`;
  if (typeof h._onTimeout === 'function')
    return `${kind} every ${h._idleTimeout} ms: ${String(h._onTimeout).slice(0, 200)}`;
  return kind;
};
