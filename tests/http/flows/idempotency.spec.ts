import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { laptopPayload } from '../../support/commands.js';
import { type Answer, problemOf, startTestWorld, type TestWorld } from '../support/test-app.js';

/** A RegisterDevice body without its id, so the server makes (and derives) it. */
const deviceBody = () => {
  const { deviceId: _made, ...body } = laptopPayload();
  return body;
};

describe('Idempotency-Key on commands over HTTP', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const eventsOfCommand = async (commandId: string) => {
    const { rows } = await world.app.database.pool.query<{ count: string }>(
      // The command's own events and those it caused (the asset tag and serial number reservations).
      "select count(*) from es_events where metadata->>'commandId' = $1 or metadata->>'causationId' = $1",
      [commandId],
    );
    return Number(rows[0]?.count);
  };
  const eventsOfStream = async (stream: string) => {
    const { rows } = await world.app.database.pool.query<{ count: string }>(
      'select count(*) from es_events where stream_name = $1',
      [stream],
    );
    return Number(rows[0]?.count);
  };
  const eventsWithAssetTag = async (assetTag: string) => {
    const { rows } = await world.app.database.pool.query<{ count: string }>(
      "select count(*) from es_events where data->>'assetTag' = $1",
      [assetTag],
    );
    return Number(rows[0]?.count);
  };

  it('runs a command sent twice with the same key once, and answers the repeat with the stored answer', async () => {
    const key = randomUUID();
    const body = deviceBody();
    const first = await world.technician.post('/devices', body, { idempotencyKey: key });
    expect(first.status).to.equal(201);
    expect(first.headers.get('idempotent-replayed')).to.equal(null);
    const recorded = await eventsOfCommand(first.body.commandId);
    expect(recorded).to.equal(3);

    const second = await world.technician.post('/devices', body, { idempotencyKey: key });
    expect(second.status).to.equal(201);
    expect(second.headers.get('idempotent-replayed')).to.equal('true');
    expect(second.body).to.deep.equal(first.body);
    expect(second.headers.get('x-checkpoint')).to.equal(first.headers.get('x-checkpoint'));
    expect(await eventsOfCommand(first.body.commandId)).to.equal(recorded);
    expect(await eventsOfStream(`device-${first.body.ids.deviceId}`)).to.equal(1);
  });

  it('derives the command and created ids from the key, so a retry whose stored answer is gone records nothing', async () => {
    const key = randomUUID();
    const body = deviceBody();
    const first = await world.technician.post('/devices', body, { idempotencyKey: key });
    expect(first.status).to.equal(201);
    // As after a 5xx, whose answer is not kept: the retry runs the command again.
    await world.app.database.pool.query('delete from http_idempotency where account_id = $1 and key = $2', [
      world.technician.accountId,
      key,
    ]);
    const retry = await world.technician.post('/devices', body, { idempotencyKey: key });
    expect(retry.status, retry.text).to.equal(201);
    expect(retry.headers.get('idempotent-replayed')).to.equal(null);
    expect(retry.body.commandId).to.equal(first.body.commandId);
    expect(retry.body.ids).to.deep.equal(first.body.ids);
    expect(await eventsOfCommand(first.body.commandId)).to.equal(3);
    expect(await eventsWithAssetTag(body.assetTag)).to.equal(1);
  });

  it('answers 5 concurrent requests with one key with one command: the same answer, or 409 while it runs', async () => {
    const key = randomUUID();
    const body = deviceBody();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => world.technician.post('/devices', body, { idempotencyKey: key })),
    );
    const done = answers.filter((a) => a.status === 201);
    const running = answers.filter((a) => a.status !== 201);
    for (const answer of running) {
      expect(problemOf(answer)).to.deep.equal({
        status: 409,
        type: 'application/problem+json; charset=utf-8',
        code: 'IDEMPOTENCY_KEY_IN_USE',
      });
    }
    const originals = done.filter((a) => a.headers.get('idempotent-replayed') !== 'true');
    expect(originals).to.have.length(1);
    const original = originals[0] as Answer;
    for (const answer of done) expect(answer.body).to.deep.equal(original.body);

    // Once the first has finished, any retry is a replay of it.
    const retry = await world.technician.post('/devices', body, { idempotencyKey: key });
    expect(retry.status).to.equal(201);
    expect(retry.headers.get('idempotent-replayed')).to.equal('true');
    expect(retry.body).to.deep.equal(original.body);
    expect(await eventsOfCommand(original.body.commandId)).to.equal(3);
    expect(await eventsOfStream(`device-${original.body.ids.deviceId}`)).to.equal(1);
    expect(await eventsWithAssetTag(body.assetTag)).to.equal(1);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and records nothing for it', async () => {
    const key = randomUUID();
    const first = await world.technician.post('/devices', deviceBody(), { idempotencyKey: key });
    expect(first.status).to.equal(201);
    const other = deviceBody();
    const reused = await world.technician.post('/devices', other, { idempotencyKey: key });
    expect(problemOf(reused)).to.deep.equal({
      status: 422,
      type: 'application/problem+json; charset=utf-8',
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await eventsWithAssetTag(other.assetTag)).to.equal(0);
    expect(await eventsOfCommand(first.body.commandId)).to.equal(3);
  });

  it('keeps the keys of two accounts apart: the same key and body run once for each', async () => {
    const key = randomUUID();
    const body = deviceBody();
    const ofTechnician = await world.technician.post('/devices', body, { idempotencyKey: key });
    const ofAdmin = await world.mspAdmin.in(world.tenantB).post('/devices', body, { idempotencyKey: key });
    expect(ofTechnician.status).to.equal(201);
    expect(ofAdmin.status).to.equal(201);
    expect(ofAdmin.headers.get('idempotent-replayed')).to.equal(null);
    expect(ofAdmin.body.commandId).to.not.equal(ofTechnician.body.commandId);
    expect(ofAdmin.body.ids.deviceId).to.not.equal(ofTechnician.body.ids.deviceId);
    expect(await eventsWithAssetTag(body.assetTag)).to.equal(2);

    await world.settle();
    const inA = await world.managerA.get(`/devices/${ofTechnician.body.ids.deviceId}`);
    const inB = await world.managerB.get(`/devices/${ofAdmin.body.ids.deviceId}`);
    expect(inA.status).to.equal(200);
    expect(inB.status).to.equal(200);
    expect(inB.body.asset_tag).to.equal(body.assetTag);
  });

  it('replays a refused command as the same problem, even once the rule would let it through', async () => {
    const registered = await world.technician.post('/devices', deviceBody());
    expect(registered.status).to.equal(201);
    const deviceId = registered.body.ids.deviceId as string;
    const key = randomUUID();
    const returnBody = { condition: 'good', note: 'back from the desk' };

    const refused = await world.technician.post(`/devices/${deviceId}/return`, returnBody, {
      idempotencyKey: key,
    });
    expect(problemOf(refused)).to.deep.equal({
      status: 422,
      type: 'application/problem+json; charset=utf-8',
      code: 'DEVICE_NOT_ASSIGNED',
    });
    const again = await world.technician.post(`/devices/${deviceId}/return`, returnBody, {
      idempotencyKey: key,
    });
    expect(again.status).to.equal(422);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(again.body).to.deep.equal(refused.body);

    // The device is assigned now, yet the key still stands for the refused request.
    const assigned = await world.technician.post(`/devices/${deviceId}/assign`, {
      personId: world.employeePersonId,
    });
    expect(assigned.status).to.equal(200);
    const later = await world.technician.post(`/devices/${deviceId}/return`, returnBody, {
      idempotencyKey: key,
    });
    expect(later.status).to.equal(422);
    expect(later.body).to.deep.equal(refused.body);
    expect(await eventsOfStream(`device-${deviceId}`)).to.equal(2);
  });

  for (const [name, key] of [
    ['longer than 200 characters', 'k'.repeat(300)],
    ['with a space', 'two words'],
  ] as const) {
    it(`refuses an Idempotency-Key ${name} with 400 IDEMPOTENCY_KEY_INVALID and runs nothing`, async () => {
      const body = deviceBody();
      const answer = await world.technician.post('/devices', body, { idempotencyKey: key });
      expect(problemOf(answer)).to.deep.equal({
        status: 400,
        type: 'application/problem+json; charset=utf-8',
        code: 'IDEMPOTENCY_KEY_INVALID',
      });
      expect(await eventsWithAssetTag(body.assetTag)).to.equal(0);
    });
  }
});
