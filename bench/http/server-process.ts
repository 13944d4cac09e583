import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/** What the benchmark asks its server process. */
export type ParentMessage = { type: 'settle'; checkpoint: string } | { type: 'stop' };
/** What the server process answers. */
export type ServerMessage = { type: 'listening'; url: string } | { type: 'settled' };

export interface ServerProcess {
  url: string;
  pid: number | undefined;
  /** Resolves once every projection has applied everything in the log now. */
  settle(pool: pg.Pool): Promise<void>;
  stop(): Promise<void>;
}

const next = (child: ChildProcess, type: ServerMessage['type']) =>
  new Promise<ServerMessage>((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the benchmark's server exited (code ${code}) before answering ${type}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });

/** Starts bench/http/server.ts in a child process (through tsx) against `databaseUrl`. */
export const startServerProcess = async (options: {
  databaseUrl: string;
  clock: Date;
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  cpuProfileDir?: string | undefined;
}): Promise<ServerProcess> => {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    ],
    env: { ...process.env, DATABASE_URL: options.databaseUrl, BENCH_HTTP_CLOCK: options.clock.toISOString() },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listening = (await next(child, 'listening')) as Extract<ServerMessage, { type: 'listening' }>;
  let stopped: Promise<void> | undefined;
  return {
    url: listening.url.replace('localhost', '127.0.0.1'),
    pid: child.pid,
    async settle(pool) {
      const { rows } = await pool.query<{ checkpoint: string | null }>(
        `select max(lpad(transaction_id::text, 20, '0') || ':' || lpad(global_position::text, 20, '0')) as checkpoint
           from es_events`,
      );
      const checkpoint = rows[0]?.checkpoint;
      if (!checkpoint) return;
      const settled = next(child, 'settled');
      child.send({ type: 'settle', checkpoint } satisfies ParentMessage);
      await settled;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.send({ type: 'stop' } satisfies ParentMessage);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
};
