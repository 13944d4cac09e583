import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { executeCommand } from '../../commands/command-definition.js';
import type { CommandEnvelope } from '../../commands/command-envelope.js';
import { registerDevice, sendDeviceToService } from '../../commands/device/device-command-handlers.js';
import { createPostgresEventStore, migrateEventStore, withEventSchemas } from '../../event-store/index.js';
import { laptopPayload } from '../support/commands.js';
import { createTestDatabase } from '../support/database.js';
import { schemaRegistry } from '../support/stores.js';
import { runAuditCli } from './support/audit-cli.js';

const tenantId = 'tenant-cli';
const envelope = (): CommandEnvelope => ({
  commandId: randomUUID(),
  tenantId,
  actor: { id: 'tech-1', role: 'technician' },
  now: '2026-03-02T10:00:00.000Z',
});

/** Issue 7, items 1, 2 and 4 from the command line: `npm run audit -- verify | seal | export | import-verify`. */
describe('npm run audit -- verify, seal, export and import-verify', function () {
  this.timeout(120_000);
  let databaseUrl: string;
  let db: pg.Pool;
  let dir: string;
  let device: string;

  before(async () => {
    databaseUrl = await createTestDatabase('audit_verify_cli');
    await migrateEventStore({ connectionString: databaseUrl });
    const store = withEventSchemas(
      createPostgresEventStore({ connectionString: databaseUrl }),
      schemaRegistry,
    );
    for (let n = 0; n < 3; n += 1) {
      const payload = laptopPayload({ model: `Latitude ${n}` });
      await executeCommand({ store }, registerDevice, payload, envelope());
      await executeCommand(
        { store },
        sendDeviceToService,
        { deviceId: payload.deviceId, reason: 'hinge', serviceProvider: 'Fix Ltd' },
        envelope(),
      );
      device = `device-${payload.deviceId}`;
    }
    await store.close();
    db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    dir = await mkdtemp(path.join(tmpdir(), 'audit-cli-'));
  });
  after(async () => {
    await db?.end();
    await rm(dir, { recursive: true, force: true });
  });

  const sealFile = () => path.join(dir, 'seal.json');
  const exportFile = () => path.join(dir, 'export.ndjson');

  it('verify: an untouched history is OK, exit code 0, with progress on stderr', async () => {
    const { code, stdout, stderr } = await runAuditCli(databaseUrl, ['verify', '--tenant', tenantId]);
    expect(code, stderr).to.equal(0);
    expect(stdout).to.match(new RegExp(`^OK: \\d+ events in \\d+ streams of tenant ${tenantId}`));
    expect(stderr).to.match(/verify: \[#{30}\] 100% ([\d,]+)\/\1 events/);
  });

  it('verify: records the access as an AuditorAccessRecorded event by the operating system user', async () => {
    const { rows } = await db.query(
      "select data, metadata from es_events where stream_name = $1 and type = 'AuditorAccessRecorded'",
      [`audit-access-${tenantId}`],
    );
    expect(rows).to.have.length(1);
    expect(rows[0].metadata.actor).to.deep.equal({ id: `cli:${userInfo().username}`, role: 'auditor' });
    expect(rows[0].data).to.include({
      tenantId,
      action: 'verified',
      target: 'history',
      via: 'cli',
      result: 'ok',
      events: 12,
    });
  });

  it('seal: records a HistorySealed event and writes the heads to the seal file', async () => {
    const { code, stdout, stderr } = await runAuditCli(databaseUrl, [
      'seal',
      '--tenant',
      tenantId,
      '--out',
      sealFile(),
    ]);
    expect(code, stderr).to.equal(0);
    const seal = JSON.parse(await readFile(sealFile(), 'utf8'));
    expect(stdout).to.include(seal.hash);
    expect(seal.heads.map((head: { stream: string }) => head.stream)).to.include(device);
    const { rows } = await db.query(
      "select data from es_events where stream_name = $1 and type = 'HistorySealed'",
      [`seal-${tenantId}`],
    );
    expect(rows.map((row) => row.data.headsHash)).to.deep.equal([seal.hash]);
  });

  it('export, then import-verify: the file verifies offline against its own seal and the outside one', async () => {
    const exported = await runAuditCli(databaseUrl, ['export', '--tenant', tenantId, '--out', exportFile()]);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(exported.stderr).to.match(/export, writing: \[#{30}\] 100% ([\d,]+)\/\1 events/);
    const checked = await runAuditCli('postgres://nobody@127.0.0.1:1/none', [
      'import-verify',
      exportFile(),
      '--seal',
      sealFile(),
    ]);
    expect(checked.code, checked.stderr).to.equal(0);
    // 12 events of the devices, the seal, and the accesses of verify and seal (export records its own after
    // writing the file); the outside seal has the 10 streams before it, the export's own seal 11.
    expect(checked.stdout).to.match(
      /^OK: 15 events in 11 streams of tenant tenant-cli in .*, 21 sealed heads checked/,
    );
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await runAuditCli(databaseUrl, ['verify', '--bogus'])).code).to.equal(2);
    const missing = await runAuditCli(databaseUrl, ['verify', '--seal', path.join(dir, 'missing.json')]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('missing.json');
    expect((await runAuditCli(databaseUrl, ['seal'])).code).to.equal(2);
    expect((await runAuditCli(databaseUrl, ['import-verify'])).code).to.equal(2);
  });

  it('verify: a cut stream tail is named seal_broken by the seal recorded in the history, and truncated by the file kept outside (exit code 1)', async () => {
    await db.query('delete from es_events where stream_name = $1 and stream_revision = 1', [device]);
    const without = await runAuditCli(databaseUrl, ['verify', '--tenant', tenantId]);
    expect(without.code, without.stdout).to.equal(1);
    expect(without.stdout).to.match(/^FAILED: .*1 recorded seals checked, 1 problem\(s\)/);
    expect(without.stdout).to.include(`seal_broken: seal-${tenantId} revision 0`);
    const withSeal = await runAuditCli(databaseUrl, ['verify', '--seal', sealFile()]);
    expect(withSeal.code, withSeal.stdout + withSeal.stderr).to.equal(1);
    expect(withSeal.stdout).to.match(/^FAILED: .*2 problem\(s\)/);
    expect(withSeal.stdout).to.include(`truncated: ${device} revision 1`);
  });

  it('verify: a changed row is named altered with its revision, event id and checkpoint (exit code 1)', async () => {
    await db.query(
      `update es_events set data = jsonb_set(data, '{model}', '"Forged"') where stream_name = $1`,
      [device],
    );
    const { code, stdout, stderr } = await runAuditCli(databaseUrl, ['verify']);
    expect(code, stdout + stderr).to.equal(1);
    expect(stdout).to.match(
      new RegExp(`altered: ${device} revision 0 event [0-9a-f-]{36} at \\d{20}:\\d{20}: `),
    );
    // A verification of every tenant is recorded in each tenant, with what it found.
    const { rows } = await db.query(
      "select data from es_events where stream_name = $1 and type = 'AuditorAccessRecorded' order by global_position",
      [`audit-access-${tenantId}`],
    );
    expect(rows.map((row) => row.data.action)).to.deep.equal([
      'verified',
      'sealed',
      'exported',
      'verified',
      'verified',
      'verified',
    ]);
    // The tail cut before is still named, through the seal recorded in the history.
    expect(stdout).to.include(`seal_broken: seal-${tenantId} revision 0`);
    expect(rows.at(-1)?.data).to.include({ target: 'every-tenant', result: 'problems_found', problems: 2 });
  });
});
