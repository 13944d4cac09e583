import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createAppEventStore } from '../app/database.js';
import { startEmbeddedDatabase } from '../app/embedded-database.js';
import { migrateEventStore } from '../event-store/index.js';
import { type LoadResult, type LoadRun, type NamedRequest, runLoad, summarize } from './http/load.js';
import { baselineMix, commandMix, type MixWorld, queryMix } from './http/mixes.js';
import {
  benchPassword,
  createAccounts,
  markManagerCaughtUp,
  pickIds,
  seedAndProject,
} from './http/prepare.js';
import { type ServerProcess, startServerProcess } from './http/server-process.js';

// The HTTP benchmark (issue 5). autocannon drives the running server (a child process: all roles, logging
// off) on the scale history, with a query mix and a command mix at concurrency 1, 8 and 32, and compares them
// with a baseline endpoint of the same server, mounted only for the benchmark, that passes the same
// authentication and then does one raw SQL round trip comparable to a list query.
const eventsPerTenant = Number(process.env.BENCH_HTTP_EVENTS_PER_TENANT ?? 5000);
const tenants = Number(process.env.BENCH_HTTP_TENANTS ?? 20);
/** Seconds measured per run, after `warmup` seconds unmeasured. */
const duration = Number(process.env.BENCH_HTTP_DURATION ?? 8);
const warmup = Number(process.env.BENCH_HTTP_WARMUP ?? 2);
/** Runs of the baseline and of the query mix per concurrency, alternating; the command mix runs once. */
const rounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 2);
const concurrencies = [1, 8, 32] as const;
/**
 * Sessions (logins) per account: by default as many as the largest concurrency for the MSP administrator and
 * the technician, whom any connection may act as, and up to 4 per client manager, as several people or tabs
 * would have; each request runs as one of its account's sessions in turn.
 */
const sessionsPerAccount = Number(process.env.BENCH_HTTP_SESSIONS ?? Math.max(...concurrencies));
const sessions = { admin: sessionsPerAccount, manager: Math.min(4, sessionsPerAccount) };
const seed = 42;

const number = new Intl.NumberFormat('en-US');
const status = (line: string) => process.stderr.write(`\r${line.padEnd(100)}`);

interface ResultRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  baselineName: string;
  ratio: number;
  target: string | null;
  pass: boolean | null;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const monthOf = (date: Date, back = 0) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1)).toISOString().slice(0, 7);

const login = async (url: string, email: string) => {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: benchPassword }),
  });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
};

type Mix = 'baseline' | 'query mix' | 'command mix';

const main = async () => {
  const started = process.hrtime.bigint();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-http-'));
  const database = await startEmbeddedDatabase({ dataDir: path.join(dataDir, 'postgres'), throwaway: true });
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 8 });
  pool.on('error', () => undefined);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  let server: ServerProcess | undefined;
  try {
    await migrateEventStore({ connectionString: database.connectionString });
    // The app's own store (personal data encrypted), so the benchmark measures the path the app runs.
    const store = createAppEventStore(pool);
    const events = await seedAndProject(db, store, { tenants, eventsPerTenant, seed });
    const ids = await pickIds(pool);
    const accounts = await createAccounts(
      store,
      ids.tenants.map((t) => t.tenantId),
    );
    await markManagerCaughtUp(pool);
    await sql`analyze`.execute(db);

    server = await startServerProcess({
      databaseUrl: database.connectionString,
      clock: ids.historyEnd,
      cpuProfileDir: process.env.BENCH_HTTP_CPU_PROFILE,
    });
    const { url } = server;
    const settle = () => (server as ServerProcess).settle(pool);
    await settle();
    const sessionsOf = (email: string, count: number) =>
      Promise.all(Array.from({ length: count }, () => login(url, email)));
    const world: MixWorld = {
      tenants: ids.tenants,
      sessions: {
        admin: await sessionsOf(accounts.admin.email, sessions.admin),
        technician: await sessionsOf(accounts.technician.email, sessions.admin),
        managers: await Promise.all(accounts.managers.map((m) => sessionsOf(m.email, sessions.manager))),
      },
      months: { fromMonth: monthOf(ids.historyEnd, 11), toMonth: monthOf(ids.historyEnd) },
    };
    status(
      `server ${server.url} (pid ${server.pid}) on ${number.format(events)} events, ${ids.tenants.length} tenants, clock ${ids.historyEnd.toISOString()}\n`,
    );

    const mixes: Record<Mix, NamedRequest[]> = {
      baseline: baselineMix(world),
      'query mix': queryMix(world),
      'command mix': commandMix(world),
    };
    const results = new Map<string, LoadResult>();
    /** One run; a failed answer ends the benchmark with the first bodies. */
    const measure = async (mix: Mix, connections: number) => {
      status(`${mix}, concurrency ${connections}: ${warmup} s warm-up, ${duration} s measured`);
      const run = await runLoad({ url, connections, duration, warmup, requests: mixes[mix] });
      if (run.failures > 0) {
        throw new Error(
          `${mix} at concurrency ${connections}: ${run.failures} failed answers, the first:\n${run.firstFailures.join('\n')}`,
        );
      }
      // What the commands wrote is projected before the next run, so the projector does not run beside it.
      if (mix === 'command mix') await settle();
      return run;
    };
    for (const connections of concurrencies) {
      // The baseline and the query mix alternate (AB, BA, AB, …), so a drift in the machine's speed hits both
      // alike; each one's runs are pooled.
      const runs: Record<Mix, LoadRun[]> = { baseline: [], 'query mix': [], 'command mix': [] };
      for (let r = 0; r < rounds; r += 1) {
        const order: Mix[] = r % 2 === 0 ? ['baseline', 'query mix'] : ['query mix', 'baseline'];
        for (const mix of order) runs[mix].push(await measure(mix, connections));
      }
      runs['command mix'].push(await measure('command mix', connections));
      for (const mix of Object.keys(runs) as Mix[]) {
        const result = summarize(runs[mix]);
        results.set(`${mix} c${connections}`, result);
        status(
          `${mix}, concurrency ${connections}: ${number.format(Math.round(result.perSecond))} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms\n`,
        );
      }
    }

    const at = (mix: Mix, connections: number) => results.get(`${mix} c${connections}`) as LoadResult;
    const rows: ResultRow[] = [];
    for (const mix of ['query mix', 'command mix'] as const) {
      for (const connections of concurrencies) {
        const ours = at(mix, connections);
        const base = at('baseline', connections);
        const baselineName = `GET /api/v1/bench/baseline: the same authentication, then one raw SQL select of a 50-device page, concurrency ${connections}`;
        const gated = mix === 'query mix';
        rows.push({
          name: `${mix} throughput, concurrency ${connections}`,
          value: Math.round(ours.perSecond),
          unit: 'requests/s',
          baseline: Math.round(base.perSecond),
          baselineName,
          ratio: round(ours.perSecond / base.perSecond, 3),
          target: gated ? '>= 0.5' : null,
          pass: gated ? ours.perSecond >= 0.5 * base.perSecond : null,
        });
        for (const p of ['p50', 'p99'] as const) {
          rows.push({
            name: `${mix} ${p}, concurrency ${connections}`,
            value: round(ours[p]),
            unit: 'ms',
            baseline: round(base[p]),
            baselineName,
            ratio: round(ours[p] / base[p], 3),
            target: null,
            pass: null,
          });
        }
      }
    }
    const tail = at('query mix', 32);
    rows.push({
      name: 'query mix p99 / p50, concurrency 32',
      value: round(tail.p99),
      unit: 'ms (p99)',
      baseline: round(tail.p50),
      baselineName: 'the query mix p50 at concurrency 32',
      ratio: round(tail.p99 / tail.p50, 3),
      target: '<= 10',
      pass: tail.p99 <= 10 * tail.p50,
    });

    await mkdir('bench/results', { recursive: true });
    await writeFile('bench/results/http.json', `${JSON.stringify({ rows }, null, 2)}\n`);

    const minutes = Number(process.hrtime.bigint() - started) / 60e9;
    console.log(
      `\n${number.format(events)} events, ${ids.tenants.length} tenants; runs of ${warmup} s warm-up and ${duration} s measured, ${rounds} each of the baseline and the query mix per concurrency, 1 of the command mix; ${minutes.toFixed(1)} min in all\n`,
    );
    console.log('| row | value | unit | baseline | ratio | target |');
    console.log('| --- | ---: | --- | ---: | ---: | ---: |');
    for (const row of rows)
      console.log(
        `| ${row.name} | ${number.format(row.value)} | ${row.unit} | ${number.format(row.baseline)} | ${row.ratio.toFixed(2)} | ${row.target ?? ''} |`,
      );
    console.log('\nPer request (ms), p50 / p99 at concurrency 1, 8, 32:\n');
    console.log(`| request | ${concurrencies.map((c) => `c${c}`).join(' | ')} |`);
    console.log(`| --- | ${concurrencies.map(() => '---:').join(' | ')} |`);
    for (const mix of Object.keys(mixes) as Mix[]) {
      for (const { name } of mixes[mix]) {
        const cells = concurrencies.map((c) => {
          const named = at(mix, c).byName[name];
          return named ? `${named.p50.toFixed(2)} / ${named.p99.toFixed(2)}` : '';
        });
        console.log(`| ${mix === 'command mix' ? `command: ${name}` : name} | ${cells.join(' | ')} |`);
      }
    }
    if (rows.some((row) => row.pass === false)) process.exitCode = 1;
  } finally {
    await server?.stop();
    await db.destroy();
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

await main();
