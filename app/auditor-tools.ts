import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { exportTenant } from '../audit/export.js';
import { type Seal, sealTenant } from '../audit/seal.js';
import { verifyChains } from '../audit/verify.js';
import { reportJson } from '../audit/verify-report.js';
import { executeCommand, newId, type Role, recordAuditorAccess } from '../commands/index.js';
import { type HistorySealed, sealStreamOf } from '../domain/audit/index.js';
import { createPostgresEventStore, type EventStore } from '../event-store/index.js';
import { allProjections } from '../projections/index.js';
import type { AuditorTools, RecordedSeal, VerifyAnswer } from '../read-api/audit-routes.js';
import type { AccessRecorder, HistoryAccess } from '../read-api/query-route.js';
import { type AsOfRebuildsOptions, createAsOfRebuilds } from './as-of-rebuilds.js';

/** What the access command records besides who and when, as the CLI and the read API describe an access. */
export type AccessRecord = Omit<HistoryAccess, 'action'> & {
  action: 'verified' | 'exported' | 'sealed' | 'viewed_state' | 'rebuilt_as_of';
};

/** Records one access as an `AuditorAccessRecorded` event of `tenantId`, by `actor`, through the command. */
export const recordAccessAs = (
  store: EventStore,
  envelope: { tenantId: string; actor: { id: string; role: Role }; now: Date },
  access: AccessRecord,
  via: 'api' | 'cli',
) => {
  const accessId = newId();
  return executeCommand(
    { store },
    recordAuditorAccess,
    {
      accessId,
      action: access.action,
      target: access.target,
      ...(access.asOf ? { asOf: access.asOf.toISOString() } : {}),
      via,
      result: access.result,
      ...(access.events === undefined ? {} : { events: access.events }),
      ...(access.problems === undefined ? {} : { problems: access.problems }),
      ...(access.detail === undefined ? {} : { detail: access.detail }),
    },
    {
      commandId: accessId,
      tenantId: envelope.tenantId,
      actor: envelope.actor,
      now: envelope.now.toISOString(),
    },
  );
};

const historyReaders: readonly Role[] = ['auditor', 'msp_admin', 'client_manager'];

/**
 * The read API's auditor tools over the database: verification and export read the raw store (the chain is
 * over the stored form, before upcasting and decryption); accesses are recorded through the app's store as
 * the caller, in the first history-reading role it holds.
 */
export const createAuditorTools = (options: {
  pool: pg.Pool;
  // biome-ignore lint/suspicious/noExplicitAny: every projection's tables
  db: Kysely<any>;
  store: EventStore;
  now?: () => Date;
  logger?: AsOfRebuildsOptions['logger'];
  /** How many rebuilds as of a date run at once across tenants. */
  rebuildsAtOnce?: number;
}) => {
  const raw = createPostgresEventStore({ pool: options.pool });
  const now = options.now ?? (() => new Date());
  const recordAccess: AccessRecorder = async (caller, access) => {
    const role =
      historyReaders.find((candidate) => caller.roles.includes(candidate)) ?? (caller.roles[0] as Role);
    await recordAccessAs(
      options.store,
      { tenantId: caller.tenantId, actor: { id: caller.accountId, role }, now: now() },
      access,
      'api',
    );
  };
  const asOf = createAsOfRebuilds({
    db: options.db,
    pool: options.pool,
    store: options.store,
    projections: allProjections,
    recordAccess,
    ...(options.rebuildsAtOnce ? { maxRunning: options.rebuildsAtOnce } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const tools: AuditorTools = {
    rebuilds: asOf.rebuilds,
    async seals(tenantId) {
      const found: RecordedSeal[] = [];
      for await (const event of raw.readStream(sealStreamOf(tenantId))) {
        if (event.type !== 'HistorySealed' || event.metadata.tenantId !== tenantId) continue;
        const data = event.data as HistorySealed['data'];
        const actor = event.metadata.actor as { id: string; role: string } | undefined;
        found.push({
          checkpoint: data.checkpoint,
          headsHash: data.headsHash,
          streams: data.streams,
          sealedAt: data.sealedAt,
          sealedBy: { id: actor?.id ?? 'unknown', role: actor?.role ?? 'unknown' },
        });
      }
      return found.reverse();
    },
    async sealFile(tenantId, checkpoint) {
      const recorded = (await tools.seals(tenantId)).find((seal) => seal.checkpoint === checkpoint);
      if (!recorded) return undefined;
      const seal = await sealTenant(raw, tenantId, checkpoint);
      return { seal, matches: seal.hash === recorded.headsHash };
    },
    async verify(tenantId, seal) {
      const report = await verifyChains(raw, { tenantId, ...(seal ? { seal: seal as Seal } : {}) });
      return { tenantId, ...reportJson(report) } as VerifyAnswer;
    },
    async exportHistory(tenantId) {
      const dir = await mkdtemp(path.join(tmpdir(), 'itp-export-'));
      const discard = () => rm(dir, { recursive: true, force: true });
      try {
        const file = path.join(dir, 'history.ndjson');
        const { header, seal } = await exportTenant(raw, tenantId, file, { now: now() });
        return { file, events: header.events, sealHash: seal.hash, discard };
      } catch (error) {
        await discard();
        throw error;
      }
    },
  };
  return { tools, recordAccess, settled: asOf.settled, close: () => raw.close() };
};
