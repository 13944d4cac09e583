import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';

/** Starts `npm start`'s entry point as a child process and resolves with the line saying it is ready. */
const start = (dataDir: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('Event store ready'));
      if (line) resolve(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, ready, output: () => output };
};

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

const postmasterRunning = (dataDir: string) => existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'));

describe('npm start with the embedded database', function () {
  // Each start seeds the demo on first run; two or three starts per test on a busy two-core machine.
  this.timeout(300_000);
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'it-ops-start-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the cluster on first start, keeps its data and stops cleanly on SIGINT and SIGTERM', async () => {
    const first = start(dataDir);
    const line = await first.ready;
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
    expect(port).to.be.greaterThan(0);
    expect(postmasterRunning(dataDir)).to.equal(true);
    first.child.kill('SIGINT');
    expect(await exited(first.child), first.output()).to.equal(0);
    expect(postmasterRunning(dataDir), 'PostgreSQL stopped with the app').to.equal(false);

    const second = start(dataDir);
    await second.ready;
    second.child.kill('SIGTERM');
    expect(await exited(second.child), second.output()).to.equal(0);
    expect(postmasterRunning(dataDir)).to.equal(false);
  });

  it('reuses the data directory: what the first run stored is there in the next', async () => {
    const first = start(dataDir);
    const line = await first.ready;
    const password = (await import('node:fs'))
      .readFileSync(path.join(dataDir, 'postgres.password'), 'utf8')
      .trim();
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("create table kept (note text); insert into kept values ('still here')");
    await client.end();
    first.child.kill('SIGINT');
    await exited(first.child);

    const second = start(dataDir);
    const secondLine = await second.ready;
    const secondPort = Number(/127\.0\.0\.1:(\d+)/.exec(secondLine)?.[1]);
    const again = new pg.Client({ connectionString: url.replace(`:${port}/`, `:${secondPort}/`) });
    await again.connect();
    const { rows } = await again.query('select note from kept');
    const tables = await again.query(
      "select count(*)::int as n from pg_tables where tablename = 'es_events'",
    );
    await again.end();
    second.child.kill('SIGINT');
    await exited(second.child);
    expect(rows).to.deep.equal([{ note: 'still here' }]);
    expect(tables.rows[0].n).to.equal(1);
  });
});
