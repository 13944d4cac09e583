import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type ExportedEvent, importAndVerify } from '../../../audit/export.js';
import { sealTenant } from '../../../audit/seal.js';
import { createPostgresEventStore } from '../../../event-store/index.js';
import { type Client, startTestWorld, type TestWorld } from '../support/test-app.js';
import { errorPaths, expectProblem, registerDevice } from './support/read-fixtures.js';

interface Access {
  type: string;
  data: Record<string, unknown>;
  actor: { id: string; role: string };
}

/** Issue 7, items 2, 4 and 6 over HTTP: an auditor verifies and exports, and every access is recorded. */
describe('read API: auditor verification and export (/audit/verify, /audit/export)', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let deviceA: string;
  let deviceB: string;
  let dir: string;

  /** The tenant's recorded accesses, in log order, straight from the event store. */
  const accessesOf = async (tenant: string): Promise<Access[]> => {
    const { rows } = await world.app.database.pool.query<{
      type: string;
      data: Record<string, unknown>;
      metadata: { actor: { id: string; role: string } };
    }>('select type, data, metadata from es_events where stream_name = $1 order by global_position', [
      `audit-access-${tenant}`,
    ]);
    return rows.map((row) => ({ type: row.type, data: row.data, actor: row.metadata.actor }));
  };
  /** What `action` records the given call adds to the tenant's accesses. */
  const recordedBy = async (tenant: string, call: () => Promise<unknown>) => {
    const before = (await accessesOf(tenant)).length;
    await call();
    return (await accessesOf(tenant)).slice(before);
  };
  const rawStore = () => createPostgresEventStore({ pool: world.app.database.pool });
  /** GET as the client, the body as text (the harness would parse NDJSON as one JSON document). */
  const download = async (client: Client, url: string, tenant = client.tenant) => {
    const response = await fetch(`${world.url}/api/v1${url}`, {
      headers: { Authorization: `Bearer ${client.token}`, ...(tenant ? { 'X-Tenant-Id': tenant } : {}) },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  before(async () => {
    world = await startTestWorld();
    deviceA = (await registerDevice(world.technician, { model: 'Latitude A' })).deviceId;
    deviceB = (await registerDevice(world.technician.in(world.tenantB), { model: 'Latitude B' })).deviceId;
    dir = await mkdtemp(path.join(tmpdir(), 'audit-endpoints-'));
  });
  after(async () => {
    await world?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('GET /audit/verify', () => {
    it("answers an auditor that the tenant's untouched history verifies, with counts and no problems", async () => {
      const answer = await world.auditorA.get('/audit/verify');

      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body).to.deep.include({
        tenantId: world.tenantA,
        problems: [],
        sealedHeads: 0,
        ok: true,
      });
      expect(answer.body.events).to.be.greaterThan(3);
      expect(answer.body.streams).to.be.greaterThan(1);
    });

    it('records the verification as an AuditorAccessRecorded event by the auditor, with its outcome', async () => {
      let report: { events: number } | undefined;
      const recorded = await recordedBy(world.tenantA, async () => {
        report = (await world.auditorA.get('/audit/verify')).body;
      });

      expect(recorded).to.have.length(1);
      const [access] = recorded;
      expect(access?.type).to.equal('AuditorAccessRecorded');
      expect(access?.actor).to.deep.equal({ id: world.auditorA.accountId, role: 'auditor' });
      expect(access?.data).to.include({
        tenantId: world.tenantA,
        action: 'verified',
        target: 'history',
        via: 'api',
        result: 'ok',
        events: report?.events,
      });
      expect(access?.data).to.not.have.property('problems');
    });

    it('names an event changed directly in PostgreSQL: altered, with its stream, revision and event id', async () => {
      const { pool } = world.app.database;
      const stream = `device-${deviceA}`;
      const { rows } = await pool.query<{ id: string; data: Record<string, unknown> }>(
        'select id, data from es_events where stream_name = $1 and stream_revision = 0',
        [stream],
      );
      const original = rows[0];
      if (!original) throw new Error(`no first event in ${stream}`);
      await pool.query('update es_events set data = $2 where id = $1', [
        original.id,
        { ...original.data, model: 'Tampered' },
      ]);
      try {
        let answer: Awaited<ReturnType<Client['get']>> | undefined;
        const recorded = await recordedBy(world.tenantA, async () => {
          answer = await world.auditorA.get('/audit/verify');
        });

        expect(answer?.status, answer?.text).to.equal(200);
        expect(answer?.body.ok).to.equal(false);
        expect(answer?.body.problems).to.have.length(1);
        expect(answer?.body.problems[0]).to.include({
          kind: 'altered',
          stream,
          revision: 0,
          eventId: original.id,
        });
        expect(answer?.body.problems[0].checkpoint).to.match(/^\d{20}:\d{20}$/);
        expect(recorded.map((access) => access.data)).to.deep.equal([
          {
            accessId: recorded[0]?.data.accessId,
            tenantId: world.tenantA,
            action: 'verified',
            target: 'history',
            via: 'api',
            result: 'problems_found',
            events: answer?.body.events,
            problems: 1,
            accessedAt: recorded[0]?.data.accessedAt,
          },
        ]);
      } finally {
        await pool.query('update es_events set data = $2 where id = $1', [original.id, original.data]);
      }
      expect((await world.auditorA.get('/audit/verify')).body.ok).to.equal(true);
    });

    it("answers a client manager too (a reader of the full history), recorded in the manager's role", async () => {
      const recorded = await recordedBy(world.tenantA, async () => {
        const answer = await world.managerA.get('/audit/verify');
        expect(answer.status, answer.text).to.equal(200);
        expect(answer.body.ok).to.equal(true);
      });

      expect(recorded.map((access) => access.actor)).to.deep.equal([
        { id: world.managerA.accountId, role: 'client_manager' },
      ]);
    });

    for (const who of ['technician', 'employeeA'] as const) {
      it(`refuses the ${who === 'employeeA' ? 'employee' : who} with 403 and records nothing`, async () => {
        const recorded = await recordedBy(world.tenantA, async () => {
          expectProblem(await world[who].get('/audit/verify'), 403, 'ROLE_NOT_ALLOWED');
          expectProblem(await world[who].post('/audit/verify', {}), 403, 'ROLE_NOT_ALLOWED');
        });
        expect(recorded).to.deep.equal([]);
      });
    }

    it('refuses a seal in the query string with 400, pointing at the POST body', async () => {
      const answer = await world.auditorA.get('/audit/verify?seal=abc');

      expectProblem(answer, 400, 'QUERY_INVALID');
      expect(errorPaths(answer)).to.deep.equal(['query.seal']);
      expect(answer.body.errors[0].message).to.include('POST /api/v1/audit/verify');
    });

    it('answers 404 for a tenant the auditor has no role in, as if it did not exist', async () => {
      const answer = await world.auditorA.get('/audit/verify', { tenant: world.tenantB });

      expectProblem(answer, 404, 'TENANT_NOT_FOUND');
    });
  });

  describe('POST /audit/verify with a seal kept outside', () => {
    it('checks every sealed head and answers ok for an untouched history', async () => {
      const raw = rawStore();
      const seal = await sealTenant(raw, world.tenantA).finally(() => raw.close());

      const answer = await world.auditorA.post('/audit/verify', { seal });

      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body).to.deep.include({ ok: true, problems: [], sealedHeads: seal.heads.length });
      const [access] = (await accessesOf(world.tenantA)).slice(-1);
      expect(access?.data).to.include({
        action: 'verified',
        result: 'ok',
        detail: `seal ${seal.hash} (${seal.heads.length} heads)`,
      });
    });

    it('verifies the chains alone when the body has no seal', async () => {
      const answer = await world.auditorA.post('/audit/verify', {});

      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body).to.deep.include({ ok: true, sealedHeads: 0 });
    });

    it('names a seal whose heads were changed after it was written: seal_tampered, not ok', async () => {
      const raw = rawStore();
      const seal = await sealTenant(raw, world.tenantA).finally(() => raw.close());
      const [first, ...rest] = seal.heads;
      if (!first) throw new Error('no heads');
      const changed = { ...seal, heads: [{ ...first, revision: first.revision + 5 }, ...rest] };

      const answer = await world.auditorA.post('/audit/verify', { seal: changed });

      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body.ok).to.equal(false);
      expect(answer.body.problems.map((problem: { kind: string }) => problem.kind)).to.include(
        'seal_tampered',
      );
    });

    it('refuses a body that is not a seal with 400, naming each field', async () => {
      const answer = await world.auditorA.post('/audit/verify', {
        seal: { format: 'something else', tenantId: world.tenantA, heads: 'none' },
        colour: 'red',
      });

      expectProblem(answer, 400, 'BODY_INVALID');
      expect(errorPaths(answer)).to.include.members([
        'body.colour',
        'body.seal.format',
        'body.seal.checkpoint',
        'body.seal.heads',
        'body.seal.hash',
      ]);
    });

    it("refuses another tenant's seal with 400", async () => {
      const raw = rawStore();
      const seal = await sealTenant(raw, world.tenantB).finally(() => raw.close());

      const answer = await world.auditorA.post('/audit/verify', { seal });

      expectProblem(answer, 400, 'SEAL_OF_OTHER_TENANT');
      expect(errorPaths(answer)).to.deep.equal(['body.seal.tenantId']);
    });
  });

  describe('GET /audit/export', () => {
    const saved = async (text: string, name: string) => {
      const file = path.join(dir, name);
      await writeFile(file, text, 'utf8');
      return file;
    };
    const eventLines = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .slice(1, -1)
        .map((line) => JSON.parse(line) as ExportedEvent);

    it("answers the tenant's history as an NDJSON attachment that verifies offline", async () => {
      const answer = await download(world.auditorA, '/audit/export');

      expect(answer.status, answer.text).to.equal(200);
      expect(answer.headers.get('content-type')).to.match(/^application\/x-ndjson/);
      expect(answer.headers.get('content-disposition')).to.match(
        new RegExp(`^attachment; filename="?history-${world.tenantA}-\\d{4}-\\d{2}-\\d{2}\\.ndjson"?$`),
      );
      const report = await importAndVerify(await saved(answer.text, 'a.ndjson'));
      expect(report.problems).to.deep.equal([]);
      expect(report.ok).to.equal(true);
      expect(report.header.tenantId).to.equal(world.tenantA);
      expect(report.events).to.equal(report.header.events).and.to.be.greaterThan(3);
      expect(eventLines(answer.text).map((event) => event.stream)).to.include(`device-${deviceA}`);
    });

    it("holds only the caller's tenant's events", async () => {
      const forA = eventLines((await download(world.auditorA, '/audit/export')).text);
      const forB = eventLines((await download(world.mspAdmin, '/audit/export', world.tenantB)).text);

      expect(forA.every((event) => event.metadata.tenantId === world.tenantA)).to.equal(true);
      expect(forB.every((event) => event.metadata.tenantId === world.tenantB)).to.equal(true);
      expect(forA.map((event) => event.stream)).to.not.include(`device-${deviceB}`);
      expect(forB.map((event) => event.stream)).to.include(`device-${deviceB}`);
      expect(forB.map((event) => event.stream)).to.not.include(`device-${deviceA}`);
    });

    it('records the export by its caller, with the number of events and the seal it ends with', async () => {
      let text = '';
      const recorded = await recordedBy(world.tenantB, async () => {
        text = (await download(world.mspAdmin, '/audit/export', world.tenantB)).text;
      });

      const lines = text.trimEnd().split('\n');
      const header = JSON.parse(lines[0] as string);
      const trailer = JSON.parse(lines.at(-1) as string);
      expect(recorded).to.have.length(1);
      expect(recorded[0]?.actor).to.deep.equal({ id: world.mspAdmin.accountId, role: 'msp_admin' });
      expect(recorded[0]?.data).to.include({
        tenantId: world.tenantB,
        action: 'exported',
        target: 'history',
        via: 'api',
        result: 'ok',
        events: header.events,
        detail: `seal ${trailer.seal.hash}`,
      });
    });

    for (const who of ['technician', 'employeeA'] as const) {
      it(`refuses the ${who === 'employeeA' ? 'employee' : who} with 403 and records nothing`, async () => {
        const recorded = await recordedBy(world.tenantA, async () => {
          expectProblem(await world[who].get('/audit/export'), 403, 'ROLE_NOT_ALLOWED');
        });
        expect(recorded).to.deep.equal([]);
      });
    }

    it('refuses a query parameter it does not take with 400', async () => {
      const answer = await world.auditorA.get('/audit/export?limit=10');

      expectProblem(answer, 400, 'QUERY_INVALID');
      expect(errorPaths(answer)).to.deep.equal(['query.limit']);
    });
  });

  describe('the state as of a date (?asOf=)', () => {
    it('records who looked at which aggregate as of when, and that it was there', async () => {
      const at = new Date().toISOString();
      const recorded = await recordedBy(world.tenantA, async () => {
        const answer = await world.auditorA.get(`/devices/${deviceA}?asOf=${encodeURIComponent(at)}`);
        expect(answer.status, answer.text).to.equal(200);
      });

      expect(recorded).to.have.length(1);
      expect(recorded[0]?.actor).to.deep.equal({ id: world.auditorA.accountId, role: 'auditor' });
      expect(recorded[0]?.data).to.include({
        action: 'viewed_state',
        target: `device-${deviceA}`,
        asOf: at,
        via: 'api',
        result: 'ok',
      });
    });

    it("records a look at something that was not there (another tenant's device) as not_found", async () => {
      const recorded = await recordedBy(world.tenantA, async () => {
        expectProblem(await world.managerA.get(`/devices/${deviceB}?asOf=2026-01-01`), 404, 'NOT_FOUND');
      });

      expect(
        recorded.map((access) => [access.actor.role, access.data.target, access.data.result]),
      ).to.deep.equal([['client_manager', `device-${deviceB}`, 'not_found']]);
      expect(
        await accessesOf(world.tenantB).then((accesses) => accesses.map((a) => a.data.target)),
      ).to.not.include(`device-${deviceB}`);
    });
  });

  describe('the audit log', () => {
    it('shows the accesses with who did them and readable data', async () => {
      await world.settle();
      const answer = await world.auditorA.get('/audit-log?type=AuditorAccessRecorded');

      expect(answer.status, answer.text).to.equal(200);
      const rows = answer.body.items as Array<{
        stream_name: string;
        actor_id: string;
        actor_role: string;
        data: Record<string, unknown>;
      }>;
      expect(rows.length).to.be.greaterThan(3);
      expect(rows.every((row) => row.stream_name === `audit-access-${world.tenantA}`)).to.equal(true);
      expect(rows.map((row) => [row.actor_id, row.actor_role, row.data.action])).to.deep.include.members([
        [world.auditorA.accountId, 'auditor', 'verified'],
        [world.auditorA.accountId, 'auditor', 'exported'],
        [world.auditorA.accountId, 'auditor', 'viewed_state'],
        [world.managerA.accountId, 'client_manager', 'verified'],
      ]);
    });
  });
});
