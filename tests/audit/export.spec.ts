import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { exportTenant, importAndVerify } from '../../audit/export.js';
import { sealTenant } from '../../audit/seal.js';
import { createPostgresEventStore, type EventStore, migrateEventStore } from '../../event-store/index.js';
import { createTestDatabase } from '../support/database.js';
import { recordSealOf, type SeededTenant, seedTenant } from './audit-fixtures.js';

/** Issue 7, item 4: a tenant's history as NDJSON that verifies offline, from the file alone. */
describe('Exporting a tenant’s history and verifying the file offline', function () {
  this.timeout(60_000);
  let store: EventStore;
  let tenant: SeededTenant;
  let dir: string;
  let file: string;
  let lines: string[];

  before(async () => {
    const connectionString = await createTestDatabase('audit_export');
    await migrateEventStore({ connectionString });
    store = createPostgresEventStore({ connectionString });
    tenant = await seedTenant(store);
    await seedTenant(store);
    dir = await mkdtemp(path.join(tmpdir(), 'audit-export-'));
    file = path.join(dir, 'export.ndjson');
    await exportTenant(store, tenant.tenantId, file, { now: new Date('2026-03-02T10:00:00Z') });
    lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes a changed copy of the export and verifies it. */
  const verifyChanged = async (change: (lines: string[]) => string[]) => {
    const changed = path.join(dir, `changed-${Math.random()}.ndjson`);
    await writeFile(changed, `${change([...lines]).join('\n')}\n`);
    return importAndVerify(changed);
  };
  const eventLine = (stream: string, revision: number) =>
    lines.findIndex((line) => {
      const value = JSON.parse(line) as { stream?: string; revision?: number };
      return value.stream === stream && value.revision === revision;
    });

  it('writes a header, one line per event of the tenant only, and the seal of its end', () => {
    const header = JSON.parse(lines[0] as string);
    expect(header).to.deep.include({
      format: 'it-ops-panel/export@1',
      tenantId: tenant.tenantId,
      exportedAt: '2026-03-02T10:00:00.000Z',
      events: 11,
      streams: 3,
    });
    expect(lines).to.have.length(13);
    const events = lines.slice(1, -1).map((line) => JSON.parse(line));
    expect(events.every((event) => event.metadata.tenantId === tenant.tenantId)).to.equal(true);
    expect(Object.keys(events[0]).sort()).to.deep.equal(
      ['checkpoint', 'data', 'hash', 'id', 'metadata', 'recordedAt', 'revision', 'stream', 'type'].sort(),
    );
    expect(header.from).to.equal(events[0].checkpoint);
    expect(header.to).to.equal(events.at(-1).checkpoint);
    const trailer = JSON.parse(lines.at(-1) as string);
    expect(trailer.seal.heads).to.have.length(3);
  });

  it('verifies the untouched file, with its own seal and with the seal kept outside', async () => {
    const report = await importAndVerify(file, { seal: await sealTenant(store, tenant.tenantId) });
    expect(report).to.deep.include({ ok: true, events: 11, streams: 3, problems: [] });
    expect(report.sealedHeads).to.equal(6);
  });

  it('checks the seals recorded in the exported history: a stream tail cut after one is seal_broken', async () => {
    const sealed = await seedTenant(store);
    await recordSealOf(store, sealed.tenantId);
    await seedTenant(store, sealed.tenantId);
    const exported = path.join(dir, 'sealed.ndjson');
    await exportTenant(store, sealed.tenantId, exported);
    const untouched = await importAndVerify(exported);
    expect(untouched).to.deep.include({ ok: true, recordedSeals: 1 });

    const all = (await readFile(exported, 'utf8')).trimEnd().split('\n');
    const kept = all.filter((line) => {
      const value = JSON.parse(line) as { stream?: string; revision?: number };
      return !(value.stream === sealed.device && (value.revision ?? 0) >= 4);
    });
    const cut = path.join(dir, 'sealed-cut.ndjson');
    await writeFile(cut, `${kept.join('\n')}\n`);
    const report = await importAndVerify(cut);
    expect(report.problems.map((problem) => problem.kind)).to.include('seal_broken');
  });

  it('names a line whose data was changed as altered', async () => {
    const at = eventLine(tenant.device, 2);
    const report = await verifyChanged((copy) => {
      copy[at] = (copy[at] as string).replace('"p-1"', '"p-2"');
      return copy;
    });
    expect(report.ok).to.equal(false);
    expect(report.problems).to.have.length(1);
    expect(report.problems[0]).to.include({ kind: 'altered', stream: tenant.device, revision: 2n });
  });

  it('names a dropped line as removed', async () => {
    const at = eventLine(tenant.device, 1);
    const report = await verifyChanged((copy) => copy.filter((_, index) => index !== at));
    expect(report.problems.map((p) => p.kind)).to.include('removed');
    expect(report.problems[0]).to.include({ kind: 'removed', stream: tenant.device, revision: 1n });
  });

  it('names a dropped stream tail as truncated by the export’s own seal', async () => {
    const at = eventLine(tenant.device, 5);
    const report = await verifyChanged((copy) => copy.filter((_, index) => index !== at));
    expect(report.problems.map((p) => [p.kind, p.stream])).to.deep.include(['truncated', tenant.device]);
  });

  it('names a file cut before its seal, and a seal that was edited', async () => {
    const cut = await verifyChanged((copy) => copy.slice(0, -1));
    expect(cut.problems.map((p) => p.kind)).to.deep.equal(['truncated']);
    const edited = await verifyChanged((copy) => {
      const trailer = JSON.parse(copy.at(-1) as string);
      trailer.seal.heads[0].revision += 1;
      copy[copy.length - 1] = JSON.stringify(trailer);
      return copy;
    });
    expect(edited.problems.map((p) => p.kind)).to.deep.equal(['seal_tampered', 'truncated']);
  });

  it('names a line that is not JSON', async () => {
    const report = await verifyChanged((copy) => [...copy.slice(0, 3), '{oops', ...copy.slice(3)]);
    expect(report.problems.map((p) => p.detail)).to.include('line 4 is not an export line');
  });
});
