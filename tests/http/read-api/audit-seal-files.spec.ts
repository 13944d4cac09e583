import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectProblem, registerDevice } from './support/read-fixtures.js';

interface ListedSeal {
  checkpoint: string;
  headsHash: string;
  streams: number;
  sealedAt: string;
  sealedBy: { id: string; role: string };
}

/** Issue 7, item 1 over HTTP: a recorded seal can be taken out of the system as its file. */
describe('read API: recorded seals and their files (/audit/seals)', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let deviceA: string;

  /** Seals tenant A now as `who` and answers the recorded seal's checkpoint. */
  const sealNow = async () => {
    const answer = await world.auditorA.post('/audit/seals', {});
    expect(answer.status, answer.text).to.be.oneOf([200, 201]);
    const listed = await world.auditorA.get('/audit/seals');
    return (listed.body.items as ListedSeal[])[0] as ListedSeal;
  };
  const accessTargets = async () => {
    const { rows } = await world.app.database.pool.query<{ data: { action: string; target: string } }>(
      'select data from es_events where stream_name = $1 order by global_position',
      [`audit-access-${world.tenantA}`],
    );
    return rows.map((row) => `${row.data.action} ${row.data.target}`);
  };

  before(async () => {
    world = await startTestWorld();
    deviceA = (await registerDevice(world.technician, { model: 'Sealed laptop' })).deviceId;
    await registerDevice(world.technician.in(world.tenantB), { model: 'Tenant B laptop' });
  });
  after(() => world?.close());

  it('lists the seals newest first, with who made them', async () => {
    const first = await sealNow();
    await registerDevice(world.technician, { model: 'Second laptop' });
    const second = await sealNow();

    const answer = await world.managerA.get('/audit/seals');

    expect(answer.status, answer.text).to.equal(200);
    const items = answer.body.items as ListedSeal[];
    expect(items.map((seal) => seal.checkpoint)).to.deep.equal([second.checkpoint, first.checkpoint]);
    expect(items[0]?.sealedBy).to.deep.equal({ id: world.auditorA.accountId, role: 'auditor' });
    expect(items[0]?.streams).to.be.greaterThan(items[1]?.streams ?? 0);
    expect(items[0]?.headsHash).to.match(/^[0-9a-f]{64}$/);
  });

  it('answers the file of a seal, whose hash is the recorded one and which verifies the history', async () => {
    const recorded = await sealNow();

    const answer = await world.auditorA.get(`/audit/seals/${recorded.checkpoint}/file`);

    expect(answer.status, answer.text).to.equal(200);
    expect(answer.headers.get('content-disposition')).to.match(
      /^attachment; filename="?seal-[0-9a-f-]+-\d{20}-\d{20}\.json"?$/,
    );
    const file = JSON.parse(answer.text);
    expect(file).to.include({
      format: 'it-ops-panel/seal@1',
      tenantId: world.tenantA,
      checkpoint: recorded.checkpoint,
      hash: recorded.headsHash,
    });
    expect(file.heads).to.have.length(recorded.streams);
    const verified = await world.auditorA.post('/audit/verify', { seal: file });
    expect(verified.body).to.include({ ok: true, sealedHeads: recorded.streams });
    expect(await accessTargets()).to.include(`exported seal ${recorded.checkpoint}`);
  });

  it('answers 400 for a checkpoint that is not one, and 404 where no seal was recorded', async () => {
    expectProblem(await world.auditorA.get('/audit/seals/latest/file'), 400, 'PATH_INVALID');
    expectProblem(
      await world.auditorA.get(`/audit/seals/${'0'.repeat(20)}:${'0'.repeat(20)}/file`),
      404,
      'SEAL_NOT_FOUND',
    );
    expectProblem(await world.auditorA.get('/audit/seals?sort=old'), 400, 'QUERY_INVALID');
  });

  it('refuses a technician and an employee with 403', async () => {
    const recorded = await sealNow();
    for (const client of [world.technician, world.employeeA]) {
      expectProblem(await client.get('/audit/seals'), 403, 'ROLE_NOT_ALLOWED');
      expectProblem(await client.get(`/audit/seals/${recorded.checkpoint}/file`), 403, 'ROLE_NOT_ALLOWED');
    }
  });

  it("answers 404 to tenant B's manager for tenant A's seal, and lists none of A's", async () => {
    const recorded = await sealNow();

    expectProblem(
      await world.managerB.get(`/audit/seals/${recorded.checkpoint}/file`),
      404,
      'SEAL_NOT_FOUND',
    );
    const listed = await world.managerB.get('/audit/seals');
    expect((listed.body.items as ListedSeal[]).map((seal) => seal.checkpoint)).to.not.include(
      recorded.checkpoint,
    );
  });

  it('answers 409 when the stored events no longer give the recorded hash, until they are restored', async () => {
    const recorded = await sealNow();
    const { pool } = world.app.database;
    const stream = `device-${deviceA}`;
    const { rows } = await pool.query<{ id: string; hash: Buffer }>(
      'select id, hash from es_events where stream_name = $1 order by stream_revision desc limit 1',
      [stream],
    );
    const head = rows[0];
    if (!head) throw new Error(`no events in ${stream}`);
    await pool.query('update es_events set hash = $2 where id = $1', [head.id, Buffer.alloc(32)]);
    try {
      expectProblem(
        await world.auditorA.get(`/audit/seals/${recorded.checkpoint}/file`),
        409,
        'SEAL_NO_LONGER_MATCHES',
      );
    } finally {
      await pool.query('update es_events set hash = $2 where id = $1', [head.id, head.hash]);
    }
    expect((await world.auditorA.get(`/audit/seals/${recorded.checkpoint}/file`)).status).to.equal(200);
  });
});
