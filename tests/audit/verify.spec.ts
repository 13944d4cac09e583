import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { sealTenant } from '../../audit/seal.js';
import { recordedSealsOf, verifyChains } from '../../audit/verify.js';
import { chainHash, eventDigest } from '../../event-store/hash-chain.js';
import { createPostgresEventStore, type EventStore, migrateEventStore } from '../../event-store/index.js';
import { createTestDatabase } from '../support/database.js';
import { onlyProblemOf, recordSealOf, type SeededTenant, seedTenant, tamperer } from './audit-fixtures.js';

/**
 * Issue 7, item 2: somebody with access to the database changes, deletes, swaps, inserts and cuts stored
 * events; verification recomputes every chain from the log and names each case. Every case runs on its own
 * tenant of one database, so each verification sees exactly one tampering.
 */
describe('Verifying the hash chains of a tampered PostgreSQL log', function () {
  this.timeout(60_000);
  let connectionString: string;
  let store: EventStore;
  let db: ReturnType<typeof tamperer>;
  let tenant: SeededTenant;

  before(async () => {
    connectionString = await createTestDatabase('audit_verify');
    await migrateEventStore({ connectionString });
    store = createPostgresEventStore({ connectionString, pageSize: 7 });
    db = tamperer(connectionString);
  });
  after(async () => {
    await store.close();
    await db.close();
  });
  beforeEach(async () => {
    tenant = await seedTenant(store);
  });

  const verifyTenant = () => verifyChains(store, { tenantId: tenant.tenantId });
  const onlyProblem = () => onlyProblemOf(store, tenant.tenantId);
  const idAt = async (stream: string, revision: number) => (await db.row(stream, revision)).id;

  it('finds nothing wrong in an untouched history, for one tenant or all of them', async () => {
    const other = await seedTenant(store);
    const one = await verifyTenant();
    expect(one).to.deep.include({ ok: true, events: 11, streams: 3, problems: [] });
    const all = await verifyChains(store);
    expect(all.ok).to.equal(true);
    expect(all.events).to.be.at.least(22);
    expect((await verifyChains(store, { tenantId: other.tenantId })).events).to.equal(11);
  });

  it('reports progress while it reads, ending at the last event', async () => {
    const seen: number[] = [];
    const report = await verifyChains(store, {
      tenantId: tenant.tenantId,
      onProgress: (p) => seen.push(p.events),
    });
    expect(seen.at(-1)).to.equal(report.events);
  });

  it('names a row whose data was changed as altered, with its revision, id and checkpoint', async () => {
    const id = await idAt(tenant.device, 2);
    await db.query(
      `update es_events set data = jsonb_set(data, '{personId}', '"p-9"') where stream_name = $1 and stream_revision = 2`,
      [tenant.device],
    );
    const problem = await onlyProblem();
    expect(problem).to.include({ kind: 'altered', stream: tenant.device, revision: 2n, eventId: id });
    expect(problem.checkpoint).to.match(/^\d{20}:\d{20}$/);
  });

  it('names a row whose metadata (the actor) was changed as altered', async () => {
    await db.query(
      `update es_events set metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"')
        where stream_name = $1 and stream_revision = 1`,
      [tenant.ticket],
    );
    expect(await onlyProblem()).to.include({ kind: 'altered', stream: tenant.ticket, revision: 1n });
  });

  it('names a deleted row as removed, at the missing revision', async () => {
    const next = await idAt(tenant.device, 3);
    await db.query('delete from es_events where stream_name = $1 and stream_revision = 2', [tenant.device]);
    expect(await onlyProblem()).to.include({
      kind: 'removed',
      stream: tenant.device,
      revision: 2n,
      eventId: next,
    });
  });

  it('names a deleted first event as removed', async () => {
    await db.query('delete from es_events where stream_name = $1 and stream_revision = 0', [tenant.other]);
    expect(await onlyProblem()).to.include({ kind: 'removed', stream: tenant.other, revision: 0n });
  });

  it('names a deleted row as removed even when the later revisions were renumbered to close the gap', async () => {
    await db.query('delete from es_events where stream_name = $1 and stream_revision = 2', [tenant.device]);
    await db.renumber(tenant.device, 3, -1);
    const problem = await onlyProblem();
    expect(problem).to.include({ kind: 'removed', stream: tenant.device, revision: 2n });
    expect(problem.detail).to.match(/renumbered/);
  });

  it('names two rows whose type and data were swapped as reordered, pointing at each other', async () => {
    await db.query(
      `update es_events e set type = o.type, data = o.data from es_events o
        where e.stream_name = $1 and o.stream_name = $1
          and ((e.stream_revision = 1 and o.stream_revision = 4) or (e.stream_revision = 4 and o.stream_revision = 1))`,
      [tenant.device],
    );
    const problem = await onlyProblem();
    expect(problem).to.include({ kind: 'reordered', stream: tenant.device, revision: 1n });
    expect(problem.detail).to.match(/revision 4.*swapped/);
  });

  it('names two whole rows that changed places (their revisions swapped) as reordered', async () => {
    await db.query(
      'update es_events set stream_revision = -1 where stream_name = $1 and stream_revision = 2',
      [tenant.device],
    );
    await db.query(
      'update es_events set stream_revision = 2 where stream_name = $1 and stream_revision = 3',
      [tenant.device],
    );
    await db.query(
      'update es_events set stream_revision = 3 where stream_name = $1 and stream_revision = -1',
      [tenant.device],
    );
    const problem = await onlyProblem();
    expect(problem).to.include({ kind: 'reordered', stream: tenant.device, revision: 2n });
    expect(problem.detail).to.match(/chained at revision 3/);
  });

  it('names a forged row linked to the one before it, with the later revisions renumbered, as inserted', async () => {
    await db.renumber(tenant.device, 2, 1);
    const forged = await db.forge(tenant.device, 2, tenant.tenantId);
    expect(await onlyProblem()).to.include({
      kind: 'inserted',
      stream: tenant.device,
      revision: 2n,
      eventId: forged,
    });
  });

  describe('with rows written straight into the table, past the append statement', () => {
    const insertRaw = async (stream: string, revision: number, hash: Buffer | null) => {
      const id = randomUUID();
      await db.query(
        `insert into es_events (transaction_id, id, stream_name, stream_revision, type, data, metadata, digest, hash)
         values (pg_current_xact_id(), $1, $2, $3, 'DeviceAssigned', '{"personId":"p-forged"}', $4, $5, $6)`,
        [id, stream, revision, { tenantId: tenant.tenantId }, Buffer.alloc(32, 3), hash],
      );
      return id;
    };

    it('names a forged row with a made-up hash, the later revisions renumbered, as inserted', async () => {
      await db.renumber(tenant.device, 3, 1);
      const forged = await insertRaw(tenant.device, 3, Buffer.alloc(32, 7));
      expect(await onlyProblem()).to.include({
        kind: 'inserted',
        stream: tenant.device,
        revision: 3n,
        eventId: forged,
      });
    });

    it('names a forged row with no hash (the column made optional first) as missing_hash', async () => {
      await db.query('alter table es_events alter column hash drop not null');
      try {
        await db.renumber(tenant.other, 1, 1);
        const forged = await insertRaw(tenant.other, 1, null);
        expect(await onlyProblem()).to.include({
          kind: 'missing_hash',
          stream: tenant.other,
          revision: 1n,
          eventId: forged,
        });
      } finally {
        await db.query('delete from es_events where hash is null');
        await db.query('alter table es_events alter column hash set not null');
      }
    });

    it('names a forged second row at an existing revision as inserted', async () => {
      await db.query('alter table es_events drop constraint es_events_stream_revision_key');
      try {
        const forged = await insertRaw(tenant.device, 1, Buffer.alloc(32, 1));
        expect(await onlyProblem()).to.include({
          kind: 'inserted',
          stream: tenant.device,
          revision: 1n,
          eventId: forged,
        });
      } finally {
        await db.query(
          'delete from es_events where stream_name = $1 and stream_revision = 1 and data @> \'{"personId":"p-forged"}\'',
          [tenant.device],
        );
        await db.query(
          'alter table es_events add constraint es_events_stream_revision_key unique (stream_name, stream_revision)',
        );
      }
    });
  });

  it('passes a stream whose tail was cut when no seal is kept, and names it truncated with one', async () => {
    const seal = await sealTenant(store, tenant.tenantId);
    expect(seal.heads.map((head) => head.stream)).to.deep.equal(
      [tenant.device, tenant.other, tenant.ticket].sort(),
    );
    await db.query('delete from es_events where stream_name = $1 and stream_revision >= 4', [tenant.device]);

    expect((await verifyTenant()).ok, 'a cut tail leaves an intact chain').to.equal(true);
    const report = await verifyChains(store, { tenantId: tenant.tenantId, seal });
    expect(report.sealedHeads).to.equal(3);
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({ kind: 'truncated', stream: tenant.device, revision: 5n });
    expect(report.problems[0]?.detail).to.match(/now ends at 3/);
  });

  it('passes a history that grew after the seal', async () => {
    const seal = await sealTenant(store, tenant.tenantId);
    await seedTenant(store, tenant.tenantId);
    expect((await verifyChains(store, { tenantId: tenant.tenantId, seal })).ok).to.equal(true);
  });

  it('names a stream rewritten with a recomputed chain as altered at the sealed head, given the seal', async () => {
    const seal = await sealTenant(store, tenant.tenantId);
    // The forger changes revision 1 and rewrites every later digest and hash so that the chain reads whole.
    await db.query(
      `update es_events set data = '{"personId":"p-rewritten"}' where stream_name = $1 and stream_revision = 1`,
      [tenant.other],
    );
    let previous: string | null = null;
    for (let revision = 0; revision <= 2; revision += 1) {
      const row = await db.row(tenant.other, revision);
      const digest = eventDigest(tenant.other, row);
      const hash = chainHash(previous, BigInt(revision), digest);
      await db.query(
        'update es_events set digest = $3, hash = $4 where stream_name = $1 and stream_revision = $2',
        [tenant.other, revision, Buffer.from(digest, 'hex'), Buffer.from(hash, 'hex')],
      );
      previous = hash;
    }
    expect((await verifyTenant()).ok).to.equal(true);
    const report = await verifyChains(store, { tenantId: tenant.tenantId, seal });
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({ kind: 'altered', stream: tenant.other, revision: 2n });
  });

  it('names a seal whose heads were edited as seal_tampered, and the edited head too', async () => {
    const seal = await sealTenant(store, tenant.tenantId);
    const edited = { ...seal, heads: seal.heads.map((head) => ({ ...head, revision: head.revision + 1 })) };
    const report = await verifyChains(store, { tenantId: tenant.tenantId, seal: edited });
    expect(report.problems.map((p) => p.kind)).to.deep.equal([
      'seal_tampered',
      'truncated',
      'truncated',
      'truncated',
    ]);
  });

  describe('against the seals recorded in the history (HistorySealed), with no file kept outside', () => {
    const recordSeal = () => recordSealOf(store, tenant.tenantId);

    it('checks every recorded seal of an untouched history that grew between them', async () => {
      await recordSeal();
      await seedTenant(store, tenant.tenantId);
      await recordSeal();
      await seedTenant(store, tenant.tenantId);

      const report = await verifyTenant();

      expect(report).to.deep.include({ ok: true, recordedSeals: 2, problems: [] });
    });

    it('names a tail cut after a recorded seal as seal_broken, at the seal event', async () => {
      await recordSeal();
      await db.query('delete from es_events where stream_name = $1 and stream_revision >= 4', [
        tenant.device,
      ]);

      const problem = await onlyProblem();

      expect(problem).to.include({ kind: 'seal_broken', stream: `seal-${tenant.tenantId}`, revision: 0n });
      expect(problem.detail).to.match(/cut back or rewritten/);
    });

    it('names a stream rewritten with a recomputed chain after a recorded seal as seal_broken', async () => {
      await recordSeal();
      await db.query(
        `update es_events set data = '{"personId":"p-rewritten"}' where stream_name = $1 and stream_revision = 2`,
        [tenant.other],
      );
      const row = await db.row(tenant.other, 2);
      const previous = (await db.row(tenant.other, 1)).hash;
      const digest = eventDigest(tenant.other, row);
      const hash = chainHash(previous, 2n, digest);
      await db.query(
        'update es_events set digest = $3, hash = $4 where stream_name = $1 and stream_revision = $2',
        [tenant.other, 2, Buffer.from(digest, 'hex'), Buffer.from(hash, 'hex')],
      );

      expect(await onlyProblem()).to.include({ kind: 'seal_broken', stream: `seal-${tenant.tenantId}` });
    });

    it('checks the seals of every tenant when they are given, and of none when they are not', async () => {
      await recordSeal();
      await db.query('delete from es_events where stream_name = $1 and stream_revision >= 4', [
        tenant.device,
      ]);

      const given = await verifyChains(store, {
        recordedSeals: await recordedSealsOf(store, [tenant.tenantId]),
      });
      expect(given.problems.map((p) => p.kind)).to.include('seal_broken');
      expect((await verifyChains(store)).problems.map((p) => p.kind)).to.not.include('seal_broken');
    });

    it('cannot see a tail cut together with the seals after it: only a file kept outside catches that', async () => {
      const seal = await recordSeal();
      await db.query('delete from es_events where stream_name = $1 and stream_revision >= 4', [
        tenant.device,
      ]);
      await db.query('delete from es_events where stream_name = $1', [`seal-${tenant.tenantId}`]);

      expect((await verifyTenant()).ok).to.equal(true);
      const withFile = await verifyChains(store, { tenantId: tenant.tenantId, seal });
      expect(withFile.problems.map((p) => p.kind)).to.include('truncated');
    });
  });

  it('keeps the problems of one tenant out of another tenant’s verification', async () => {
    const other = await seedTenant(store);
    await db.query('delete from es_events where stream_name = $1 and stream_revision = 1', [tenant.device]);
    expect((await verifyChains(store, { tenantId: other.tenantId })).ok).to.equal(true);
    const all = await verifyChains(store);
    expect(all.problems.some((p) => p.stream === tenant.device && p.kind === 'removed')).to.equal(true);
  });
});
