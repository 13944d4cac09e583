import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../../app/config.js';
import { startApp } from '../../../app/start-app.js';
import { type Answer, type Client, startTestWorld, type TestWorld } from '../support/test-app.js';
import { personBody } from '../write-api/write-fixtures.js';
import { errorPaths, expectProblem, registerDevice, write } from './support/read-fixtures.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Issue 7, item 3 over HTTP: a rebuild of the tenant's read models as of a date, that the auditor can query. */
describe('read API: rebuilds as of a date (/audit/rebuilds)', function () {
  this.timeout(120_000);
  let world: TestWorld;
  let earlyDevice: string;
  let lateDevice: string;
  let asOf: string;

  /** Polls the rebuild until it is no longer building. */
  const finished = async (client: Client, rebuildId: string): Promise<Answer> => {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const answer = await client.get(`/audit/rebuilds/${rebuildId}`);
      if (answer.status !== 200 || answer.body.status !== 'building') return answer;
      await pause(50);
    }
    throw new Error(`rebuild ${rebuildId} still building after 30 s`);
  };
  /** Starts a rebuild as `client` and waits until it is ready. */
  const rebuilt = async (client: Client, at: string) => {
    const started = await client.post('/audit/rebuilds', { asOf: at });
    expect(started.status, started.text).to.equal(202);
    const done = await finished(client, started.body.rebuildId);
    expect(done.body.status, done.text).to.equal('ready');
    return done.body as { rebuildId: string; events: number; rows: Record<string, number>; tables: string[] };
  };
  const accessesOf = async (tenant: string) => {
    const { rows } = await world.app.database.pool.query<{ data: Record<string, unknown> }>(
      'select data from es_events where stream_name = $1 order by global_position',
      [`audit-access-${tenant}`],
    );
    return rows.map((row) => row.data);
  };

  before(async () => {
    world = await startTestWorld();
    earlyDevice = (await registerDevice(world.technician, { model: 'Early laptop' })).deviceId;
    await registerDevice(world.technician.in(world.tenantB), { model: 'Tenant B laptop' });
    await pause(20);
    asOf = new Date().toISOString();
    await pause(20);
    lateDevice = (await registerDevice(world.technician, { model: 'Late laptop' })).deviceId;
    await world.settle();
  });
  after(() => world?.close());

  describe('POST /audit/rebuilds, then GET /audit/rebuilds/{rebuildId}', () => {
    it("answers 202 with where to follow it, and builds the tenant's read models as they stood then", async () => {
      const started = await world.auditorA.post('/audit/rebuilds', { asOf });

      expect(started.status, started.text).to.equal(202);
      expect(started.headers.get('location')).to.equal(`/api/v1/audit/rebuilds/${started.body.rebuildId}`);
      expect(started.body).to.include({ asOf });
      expect(started.body.status).to.be.oneOf(['building', 'ready']);
      const done = await finished(world.auditorA, started.body.rebuildId);
      expect(done.status, done.text).to.equal(200);
      expect(done.body).to.include({ rebuildId: started.body.rebuildId, asOf, status: 'ready' });
      expect(done.body.builtAt).to.be.a('string');
      expect(done.body.events).to.be.greaterThan(0);
      expect(done.body.rows).to.include({ device_list: 1 });
      expect(done.body.tables).to.include.members(['device_list', 'person_list', 'ticket_list']);
    });

    it('serves a table page by page, in key order: the device registered later is not there', async () => {
      const { rebuildId } = await rebuilt(world.auditorA, asOf);

      const page = await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/device_list?limit=10`);

      expect(page.status, page.text).to.equal(200);
      expect(page.body).to.include({ rebuildId, asOf, table: 'device_list', total: 1, limit: 10, offset: 0 });
      expect(page.body.items.map((row: { device_id: string }) => row.device_id)).to.deep.equal([earlyDevice]);
      expect(page.body.items[0]).to.include({ tenant_id: world.tenantA, status: 'in_stock' });
      const live = await world.auditorA.get(`/devices?limit=10`);
      expect(live.body.items.map((row: { device_id: string }) => row.device_id)).to.include(lateDevice);
      const beyond = await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/device_list?offset=1`);
      expect(beyond.body).to.include({ total: 1, offset: 1 });
      expect(beyond.body.items).to.deep.equal([]);
    });

    it('records the rebuild and each table read as AuditorAccessRecorded events by the caller', async () => {
      const before = (await accessesOf(world.tenantA)).length;
      const { rebuildId, events } = await rebuilt(world.managerA, asOf);
      await world.managerA.get(`/audit/rebuilds/${rebuildId}/tables/device_list`);

      const recorded = (await accessesOf(world.tenantA)).slice(before);
      expect(recorded).to.have.length(2);
      expect(recorded[0]).to.include({
        action: 'rebuilt_as_of',
        target: 'history',
        asOf,
        via: 'api',
        result: 'ok',
        events,
        detail: `schema ${rebuildId}`,
      });
      expect(recorded[1]).to.include({
        action: 'viewed_state',
        target: `rebuild ${rebuildId}, table device_list`,
        asOf,
        result: 'ok',
      });
    });

    it("lists the tenant's rebuilds, and deletes one (then 404)", async () => {
      const { rebuildId } = await rebuilt(world.auditorA, asOf);
      const listed = await world.auditorA.get('/audit/rebuilds');
      expect(listed.status, listed.text).to.equal(200);
      expect(listed.body.items.map((item: { rebuildId: string }) => item.rebuildId)).to.include(rebuildId);

      const deleted = await world.auditorA.delete(`/audit/rebuilds/${rebuildId}`);

      expect(deleted.status, deleted.text).to.equal(204);
      expectProblem(await world.auditorA.get(`/audit/rebuilds/${rebuildId}`), 404, 'REBUILD_NOT_FOUND');
      expectProblem(await world.auditorA.delete(`/audit/rebuilds/${rebuildId}`), 404, 'REBUILD_NOT_FOUND');
      const { rows } = await world.app.database.pool.query('select 1 from pg_namespace where nspname = $1', [
        rebuildId,
      ]);
      expect(rows).to.deep.equal([]);
    });

    it("drops a rebuild made before one of the tenant's people was erased: it held their data", async () => {
      const { ids } = await write(world.managerA, '/people', personBody({ name: 'Jan Do-Usunięcia' }));
      const personId = ids.personId as string;
      await write(world.technician, `/people/${personId}/depart`);
      await world.settle();
      const { rebuildId } = await rebuilt(world.auditorA, new Date().toISOString());
      const people = await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/person_list?limit=500`);
      expect(people.body.items.map((row: { name: string }) => row.name)).to.include('Jan Do-Usunięcia');

      await write(world.managerA, `/people/${personId}/erase`, { reason: 'GDPR request 2026/99' });
      await world.settle();

      expectProblem(await world.auditorA.get(`/audit/rebuilds/${rebuildId}`), 404, 'REBUILD_NOT_FOUND');
      const { rows } = await world.app.database.pool.query('select 1 from pg_namespace where nspname = $1', [
        rebuildId,
      ]);
      expect(rows).to.deep.equal([]);
      // A rebuild made after the erasure shows the person as erased.
      const again = await rebuilt(world.auditorA, new Date().toISOString());
      const erased = await world.auditorA.get(
        `/audit/rebuilds/${again.rebuildId}/tables/person_list?limit=500`,
      );
      const names = erased.body.items.map((row: { name: string }) => row.name);
      expect(names).to.include('Erased person').and.not.include('Jan Do-Usunięcia');
    });
    it('drops, when the projector starts, a rebuild made before an erasure that nobody has looked at since', async () => {
      const { ids } = await write(world.managerA, '/people', personBody({ name: 'Ewa Do-Usunięcia' }));
      const personId = ids.personId as string;
      await write(world.technician, `/people/${personId}/depart`);
      await world.settle();
      const { rebuildId } = await rebuilt(world.auditorA, new Date().toISOString());
      await write(world.managerA, `/people/${personId}/erase`, { reason: 'GDPR request 2026/100' });
      await world.settle();
      const schemaExists = async () =>
        (await world.app.database.pool.query('select 1 from pg_namespace where nspname = $1', [rebuildId]))
          .rows.length === 1;
      expect(await schemaExists(), 'nothing read the rebuilds since the erasure').to.equal(true);

      const projector = await startApp({
        config: loadConfig({
          DATABASE_URL: world.app.database.connectionString,
          PORT: '0',
          LOG_LEVEL: 'silent',
        }),
        roles: ['projector'],
        logger: pino({ level: 'silent' }),
        sealIntervalMs: 0,
      });
      await projector.close();

      expect(await schemaExists()).to.equal(false);
    });
  });

  describe('bad input', () => {
    it('answers 400 naming body.asOf when it is missing, not a date, or in the future', async () => {
      for (const body of [{}, { asOf: 'yesterday' }, { asOf: '2026-02-30' }, { asOf: '2999-01-01' }]) {
        const answer = await world.auditorA.post('/audit/rebuilds', body);
        expectProblem(answer, 400, 'BODY_INVALID');
        expect(errorPaths(answer)).to.deep.equal(['body.asOf']);
      }
    });

    it('answers 400 to an unknown body field, a malformed id or table, and a bad page', async () => {
      expectProblem(await world.auditorA.post('/audit/rebuilds', { asOf, schema: 'x' }), 400, 'BODY_INVALID');
      expectProblem(await world.auditorA.get('/audit/rebuilds/Not-An-Id'), 400, 'PATH_INVALID');
      const { rebuildId } = await rebuilt(world.auditorA, asOf);
      expectProblem(
        await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/x;drop`),
        400,
        'PATH_INVALID',
      );
      for (const query of ['limit=0', 'limit=501', 'offset=-1', 'sort=name']) {
        expectProblem(
          await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/device_list?${query}`),
          400,
          'QUERY_INVALID',
        );
      }
    });

    it('answers 404 for a table that is no read model (naming the ones there are) and an unknown rebuild', async () => {
      const { rebuildId } = await rebuilt(world.auditorA, asOf);
      const answer = await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/es_events`);
      expectProblem(answer, 404, 'TABLE_NOT_FOUND');
      expect(answer.body.detail).to.include('device_list');
      expectProblem(await world.auditorA.get('/audit/rebuilds/asof_19990101_none'), 404, 'REBUILD_NOT_FOUND');
    });
  });

  describe('roles and tenants', () => {
    it('refuses a technician and an employee with 403, whatever they ask', async () => {
      const { rebuildId } = await rebuilt(world.auditorA, asOf);
      for (const client of [world.technician, world.employeeA]) {
        expectProblem(await client.post('/audit/rebuilds', { asOf }), 403, 'ROLE_NOT_ALLOWED');
        expectProblem(await client.get('/audit/rebuilds'), 403, 'ROLE_NOT_ALLOWED');
        expectProblem(await client.get(`/audit/rebuilds/${rebuildId}`), 403, 'ROLE_NOT_ALLOWED');
        expectProblem(
          await client.get(`/audit/rebuilds/${rebuildId}/tables/device_list`),
          403,
          'ROLE_NOT_ALLOWED',
        );
        expectProblem(await client.delete(`/audit/rebuilds/${rebuildId}`), 403, 'ROLE_NOT_ALLOWED');
      }
    });

    it("answers 404 to tenant B's manager for tenant A's rebuild, and lists only B's own", async () => {
      const { rebuildId } = await rebuilt(world.auditorA, asOf);
      expectProblem(await world.managerB.get(`/audit/rebuilds/${rebuildId}`), 404, 'REBUILD_NOT_FOUND');
      expectProblem(
        await world.managerB.get(`/audit/rebuilds/${rebuildId}/tables/device_list`),
        404,
        'REBUILD_NOT_FOUND',
      );
      expectProblem(await world.managerB.delete(`/audit/rebuilds/${rebuildId}`), 404, 'REBUILD_NOT_FOUND');
      const listed = await world.managerB.get('/audit/rebuilds');
      expect(listed.body.items.map((item: { rebuildId: string }) => item.rebuildId)).to.not.include(
        rebuildId,
      );
      expect((await world.auditorA.get(`/audit/rebuilds/${rebuildId}`)).status).to.equal(200);
    });

    it("builds tenant B's own rebuild apart from tenant A's at the same date, each with its own devices", async () => {
      const a = await rebuilt(world.auditorA, asOf);
      const b = await rebuilt(world.managerB, asOf);
      expect(b.rebuildId).to.not.equal(a.rebuildId);
      const rowsOf = async (client: Client, rebuildId: string) =>
        (await client.get(`/audit/rebuilds/${rebuildId}/tables/device_list`)).body.items.map(
          (row: { tenant_id: string }) => row.tenant_id,
        );
      expect(await rowsOf(world.managerB, b.rebuildId)).to.deep.equal([world.tenantB]);
      expect(await rowsOf(world.auditorA, a.rebuildId)).to.deep.equal([world.tenantA]);
    });
  });

  describe('conflicts', () => {
    it('answers 409 to a second rebuild of the tenant started while the first is building', async () => {
      const [first, second] = await Promise.all([
        world.auditorA.post('/audit/rebuilds', { asOf }),
        world.managerA.post('/audit/rebuilds', { asOf: '2026-01-01' }),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses, `${first.text} ${second.text}`).to.deep.equal([202, 409]);
      const refused = first.status === 409 ? first : second;
      expectProblem(refused, 409, 'REBUILD_RUNNING');
      const accepted = first.status === 202 ? first : second;
      await finished(world.auditorA, accepted.body.rebuildId);
    });

    it('answers 503 REBUILDS_BUSY with Retry-After to another tenant while as many as the server runs are building', async () => {
      const busy = await startTestWorld({ env: { AUDIT_REBUILDS_AT_ONCE: '1' } });
      try {
        const [first, second] = await Promise.all([
          busy.auditorA.post('/audit/rebuilds', { asOf }),
          busy.managerB.post('/audit/rebuilds', { asOf }),
        ]);
        const statuses = [first.status, second.status].sort();
        expect(statuses, `${first.text} ${second.text}`).to.deep.equal([202, 503]);
        const refused = first.status === 503 ? first : second;
        expectProblem(refused, 503, 'REBUILDS_BUSY');
        expect(refused.headers.get('retry-after')).to.equal('30');
        const [accepted, client, other] =
          first.status === 202
            ? [first, busy.auditorA, busy.managerB]
            : [second, busy.managerB, busy.auditorA];
        await finished(client, accepted.body.rebuildId);
        // Once it is done, the other tenant's rebuild is taken.
        const again = await other.post('/audit/rebuilds', { asOf });
        expect(again.status, again.text).to.equal(202);
        await finished(other, again.body.rebuildId);
      } finally {
        await busy.close();
      }
    });

    it('answers 409 to reading a table of a rebuild that did not finish', async () => {
      const { rebuildId } = await rebuilt(world.auditorA, asOf);
      // As a server stopped in the middle of the rebuild leaves it.
      await world.app.database.pool.query(`update ${rebuildId}.as_of_rebuild set built_at = null`);

      const answer = await world.auditorA.get(`/audit/rebuilds/${rebuildId}`);
      expect(answer.body).to.include({ status: 'interrupted', builtAt: null });
      expect(answer.body.tables).to.deep.equal([]);
      expectProblem(
        await world.auditorA.get(`/audit/rebuilds/${rebuildId}/tables/device_list`),
        409,
        'REBUILD_NOT_READY',
      );
      expect((await world.auditorA.delete(`/audit/rebuilds/${rebuildId}`)).status).to.equal(204);
    });
  });
});
