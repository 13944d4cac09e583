import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { sealTenant } from '../../audit/seal.js';
import { type ChainProblem, verifyChains } from '../../audit/verify.js';
import { chainHash, eventDigest } from '../../event-store/hash-chain.js';
import type { EventStore } from '../../event-store/index.js';

/** A tenant's small history written through the real store: two devices' streams and a ticket's. */
export interface SeededTenant {
  tenantId: string;
  /** Six events, revisions 0..5. */
  device: string;
  /** Three events. */
  other: string;
  /** Two events. */
  ticket: string;
}

const metadataOf = (tenantId: string, n: number) => ({
  tenantId,
  actor: { id: 'technician-1', role: 'technician' },
  commandId: randomUUID(),
  correlationId: `c-${n}`,
  causationId: `c-${n}`,
  schemaVersion: 1,
});

/** Appends the events one command at a time (one per append, as commands do), interleaving the streams. */
export const seedTenant = async (
  store: EventStore,
  tenantId: string = randomUUID(),
): Promise<SeededTenant> => {
  const device = `device-${randomUUID()}`;
  const other = `device-${randomUUID()}`;
  const ticket = `ticket-${randomUUID()}`;
  const plan: Array<[string, string, Record<string, unknown>]> = [
    [device, 'DeviceRegistered', { assetTag: 'LT-1', cost: { amount: 129900, currency: 'PLN' } }],
    [other, 'DeviceRegistered', { assetTag: 'LT-2', note: 'zażółć gęślą jaźń' }],
    [device, 'DeviceAssigned', { personId: 'p-1', at: '2026-01-02T10:00:00.000Z' }],
    [ticket, 'TicketOpened', { title: 'Screen flickers', priority: 'high' }],
    [device, 'DeviceReturned', { personId: 'p-1', reason: null }],
    [other, 'DeviceAssigned', { personId: 'p-2', nested: { list: [1, 2.5, 'x'], empty: {} } }],
    [device, 'DeviceAssigned', { personId: 'p-3' }],
    [device, 'DeviceSentToService', { vendor: 'Serwis Sp. z o.o.' }],
    [ticket, 'TicketResolved', { resolution: 'cable replaced' }],
    [other, 'DeviceRetired', { reason: 'broken' }],
    [device, 'DeviceReturnedFromService', { repairCost: { amount: 25000, currency: 'PLN' } }],
  ];
  let n = 0;
  for (const [stream, type, data] of plan) {
    n += 1;
    await store.appendToStream(
      stream,
      [{ id: randomUUID(), type, data, metadata: metadataOf(tenantId, n) }],
      {
        expectedRevision: 'any',
      },
    );
  }
  return { tenantId, device, other, ticket };
};

/** A connection that changes stored rows directly, as somebody with database access could. */
export const tamperer = (connectionString: string) => {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // The test server stops after the run; an idle connection it drops must not fail the run.
  pool.on('error', () => undefined);
  const query = (text: string, values: unknown[] = []) => pool.query(text, values);
  return {
    query,
    /** The stored row at a revision. */
    async row(stream: string, revision: number) {
      const { rows } = await query(
        `select id, type, data, metadata, encode(hash, 'hex') as hash from es_events
          where stream_name = $1 and stream_revision = $2`,
        [stream, revision],
      );
      return rows[0] as {
        id: string;
        type: string;
        data: Record<string, unknown>;
        metadata: Record<string, unknown>;
        hash: string;
      };
    },
    /** Moves revisions `from`.. of a stream by `by` (two steps, past the unique index). */
    async renumber(stream: string, from: number, by: number) {
      await query(
        `update es_events set stream_revision = -stream_revision - 1000 where stream_name = $1 and stream_revision >= $2`,
        [stream, from],
      );
      await query(
        `update es_events set stream_revision = -stream_revision - 1000 + $2 where stream_name = $1 and stream_revision < 0`,
        [stream, by],
      );
    },
    /**
     * Inserts a made-up event at a revision with the digest and the link a forger computes to the hash of the
     * row now one revision before it, so that it links like an appended one.
     */
    async forge(stream: string, revision: number, tenantId: string) {
      const event = {
        id: randomUUID(),
        type: 'DeviceAssigned',
        data: { personId: 'p-forged' },
        metadata: metadataOf(tenantId, 99),
      };
      const previous = revision === 0 ? null : (await this.row(stream, revision - 1)).hash;
      const digest = eventDigest(stream, event);
      await query(
        `insert into es_events (transaction_id, id, stream_name, stream_revision, type, data, metadata, digest, hash)
         values (pg_current_xact_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          event.id,
          stream,
          revision,
          event.type,
          event.data,
          event.metadata,
          Buffer.from(digest, 'hex'),
          Buffer.from(chainHash(previous, BigInt(revision), digest), 'hex'),
        ],
      );
      return event.id;
    },
    close: () => pool.end(),
  };
};

/** Records a seal of the tenant's heads now in its seal stream, as the SealHistory command does. */
export const recordSealOf = async (store: EventStore, tenantId: string) => {
  const seal = await sealTenant(store, tenantId);
  await store.appendToStream(
    `seal-${tenantId}`,
    [
      {
        id: randomUUID(),
        type: 'HistorySealed',
        data: {
          tenantId,
          checkpoint: seal.checkpoint,
          streams: seal.heads.length,
          headsHash: seal.hash,
          sealedAt: new Date().toISOString(),
        },
        metadata: { tenantId, actor: { id: 'auditor-1', role: 'auditor' } },
      },
    ],
    { expectedRevision: 'any' },
  );
  return seal;
};

/** Verifies the tenant's chains and answers the one problem found, failing when there is none or more. */
export const onlyProblemOf = async (store: EventStore, tenantId: string): Promise<ChainProblem> => {
  const report = await verifyChains(store, { tenantId });
  expect(report.ok).to.equal(false);
  expect(
    report.problems,
    JSON.stringify(report.problems, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
  ).to.have.length(1);
  return report.problems[0] as ChainProblem;
};
