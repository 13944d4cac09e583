import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../../../app/embedded-database.js';
import { laptopPayload } from '../../support/commands.js';
import { type Answer, request, startTestWorld, type TestWorld } from '../support/test-app.js';

/** Durability is irrelevant for a cluster deleted after the test; speed is not. */
const settings = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
const problemType = 'application/problem+json; charset=utf-8';

const newDevice = () => {
  const { deviceId: _made, ...body } = laptopPayload();
  return body;
};

/** Repeats `attempt` until `done` holds or `ms` pass; answers the last result. */
const poll = async <T>(attempt: () => Promise<T>, done: (result: T) => boolean, ms: number): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await attempt().catch((error: unknown) => error as T);
    if (done(result) || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/**
 * The app against a PostgreSQL of its own, which the test stops and starts again. The embedded server is
 * started as persistent (not throwaway) at first: the package deletes a throwaway cluster's files when it
 * stops, so it could not come back. The second server (same data directory and port) is the throwaway one,
 * and the temporary directory is removed at the end.
 */
describe('The app while its database is away', function () {
  this.timeout(120_000);
  let tempDir: string;
  let database: EmbeddedDatabase | undefined;
  let world: TestWorld | undefined;

  before(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'it-ops-outage-'));
    database = await startEmbeddedDatabase({ dataDir: path.join(tempDir, 'postgres'), settings });
    world = await startTestWorld({ databaseUrl: database.connectionString });
  });
  after(async () => {
    await world?.close();
    await database?.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('answers 503 DATABASE_UNAVAILABLE while it is down, and serves again (projector included) once it is back', async () => {
    const w = world as TestWorld;
    const stopped = database as EmbeddedDatabase;
    const before = await w.technician.post('/devices', newDevice());
    expect(before.status).to.equal(201);
    expect(
      (await w.managerA.get(`/devices/${before.body.ids.deviceId}?after=${before.body.checkpoint}`)).status,
    ).to.equal(200);

    await stopped.stop();
    database = undefined;

    const timed = async (send: () => Promise<Answer>) => {
      const started = Date.now();
      const answer = await send();
      return { answer, ms: Date.now() - started };
    };
    for (const { answer, ms } of [
      await timed(() => w.managerA.get('/devices')),
      await timed(() => w.technician.post('/devices', newDevice())),
    ]) {
      expect(answer.status, answer.text).to.equal(503);
      expect(answer.headers.get('content-type')).to.equal(problemType);
      expect(answer.body).to.include({ code: 'DATABASE_UNAVAILABLE', status: 503 });
      expect(Number(answer.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(ms).to.be.below(15_000);
    }
    const ready = await request(w.url, 'GET', '/readyz');
    expect(ready.status).to.equal(503);
    expect(ready.body.status).to.equal('not ready');
    const health = await request(w.url, 'GET', '/healthz');
    expect(health.status).to.equal(200);
    expect(health.body).to.deep.equal({ status: 'ok' });

    // The same cluster back on the same port, as after a restart of the database server.
    database = await startEmbeddedDatabase({
      dataDir: stopped.dataDir,
      port: stopped.port,
      settings,
      throwaway: true,
    });
    expect(database.connectionString).to.equal(stopped.connectionString);

    const readyAgain = await poll(
      () => request(w.url, 'GET', '/readyz'),
      (a) => a.status === 200,
      30_000,
    );
    expect(readyAgain.status, readyAgain.text).to.equal(200);
    const listed = await w.managerA.get('/devices');
    expect(listed.status).to.equal(200);
    expect(listed.body.items.map((d: { device_id: string }) => d.device_id)).to.include(
      before.body.ids.deviceId,
    );

    // A write after the outage reaches the read model: the projector was restarted.
    const after = await w.technician.post('/devices', newDevice());
    expect(after.status, after.text).to.equal(201);
    const seen = await poll(
      () => w.managerA.get(`/devices/${after.body.ids.deviceId}?after=${after.body.checkpoint}`),
      (a) => a.status === 200,
      30_000,
    );
    expect(seen.status, seen.text).to.equal(200);
    expect(seen.body).to.include({ device_id: after.body.ids.deviceId, status: 'in_stock' });
    expect(seen.headers.get('x-consistency')).to.equal('caught-up');
  });
});
