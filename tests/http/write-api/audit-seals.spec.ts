import { expect } from 'chai';
import { sealTenant } from '../../../audit/seal.js';
import { verifyChains } from '../../../audit/verify.js';
import { createPostgresEventStore, type EventStore, type RecordedEvent } from '../../../event-store/index.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { accepted, expectAccepted, expectProblem, newDevice } from './write-fixtures.js';

/** Issue 7, item 1: an auditor (or the MSP's administrator) seals a tenant's history on demand over HTTP. */
describe('POST /audit/seals records a seal of the caller’s tenant', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let raw: EventStore;

  before(async () => {
    world = await startTestWorld();
    raw = createPostgresEventStore({ pool: world.app.database.pool });
    await newDevice(world.technician);
  });
  after(async () => {
    await raw?.close();
    await world?.close();
  });

  const seals = async () => {
    const events: RecordedEvent[] = [];
    for await (const event of raw.readStream(`seal-${world.tenantA}`)) events.push(event);
    return events;
  };

  it('an auditor seals the tenant: the recorded hash is that of its stream heads at the checkpoint', async () => {
    const answer = await world.auditorA.post('/audit/seals', {});
    expectAccepted(answer, { events: ['HistorySealed'] });
    const recorded = (await seals()).at(-1) as RecordedEvent;
    const data = recorded.data as {
      checkpoint: string;
      headsHash: string;
      streams: number;
      tenantId: string;
    };
    expect(recorded.metadata).to.deep.include({ tenantId: world.tenantA });
    expect(recorded.metadata.actor).to.deep.include({ role: 'auditor' });
    const seal = await sealTenant(raw, world.tenantA, data.checkpoint);
    expect(data).to.deep.include({
      tenantId: world.tenantA,
      headsHash: seal.hash,
      streams: seal.heads.length,
    });
    expect(seal.heads.length).to.be.greaterThan(1);
    const verified = await verifyChains(raw, { tenantId: world.tenantA, seal });
    expect(verified.ok).to.equal(true);
  });

  it('covers none of another tenant’s streams', async () => {
    const deviceId = await newDevice(world.technician);
    const answer = await accepted(world.auditorA.post('/audit/seals', {}));
    const seal = await sealTenant(raw, world.tenantA, answer.checkpoint);
    for await (const event of raw.readAll()) {
      if (event.metadata.tenantId !== world.tenantA) {
        expect(seal.heads.map((head) => head.stream)).not.to.include(event.streamName);
      }
    }
    expect(seal.heads.map((head) => head.stream)).to.include(`device-${deviceId}`);
  });

  it('the MSP’s administrator may seal too, at a checkpoint already in the log', async () => {
    const first = await accepted(world.auditorA.post('/audit/seals', {}));
    await newDevice(world.technician);
    const answer = await world.mspAdmin.post('/audit/seals', { checkpoint: first.checkpoint });
    expectAccepted(answer, { events: ['HistorySealed'] });
    const last = (await seals()).at(-1) as RecordedEvent;
    expect(last.data.checkpoint).to.equal(first.checkpoint);
  });

  it('refuses a seal behind the last one with 409', async () => {
    const answer = await world.auditorA.post('/audit/seals', {
      checkpoint: '00000000000000000001:00000000000000000001',
    });
    expectProblem(answer, 409, 'SEAL_BEHIND_LAST_SEAL');
  });

  it('refuses a checkpoint the log has not reached with 422', async () => {
    const answer = await world.auditorA.post('/audit/seals', {
      checkpoint: '99999999999999999999:00000000000000000001',
    });
    expectProblem(answer, 422, 'SEAL_CHECKPOINT_AHEAD');
  });

  it('answers 400 naming checkpoint when it is not one', async () => {
    expectProblem(
      await world.auditorA.post('/audit/seals', { checkpoint: 'yesterday' }),
      400,
      'COMMAND_INVALID',
      'checkpoint',
    );
  });

  for (const role of ['managerA', 'technician', 'employeeA', 'managerB'] as const) {
    it(`answers 403 to ${role}, who may not seal`, async () => {
      expectProblem(await world[role].post('/audit/seals', {}), 403, 'ROLE_NOT_ALLOWED');
    });
  }
});
