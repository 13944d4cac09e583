import { expect } from 'chai';
import type { Answer } from '../support/test-app.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  expectCaughtUp,
  expectProblem,
  readAfter,
  registerDevice,
  registerPerson,
  write,
} from './support/read-fixtures.js';

interface Step {
  step_key: string;
  status: string;
  effect: {
    type: string;
    args: Record<string, { value?: string; outcome?: string; step?: string }>;
    device?: { deviceId: string; assetTag: string | null; model: string | null } | null;
    access?: { accessId: string; system: string | null } | null;
  } | null;
  effectOutcome:
    | { status: 'applied'; appliedAt: string }
    | { status: 'failed'; errorCode: string; message: string; failedAt: string }
    | null;
}

describe('read API: what each step of a process card is about, and how its effect went', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let offboarding: {
    processId: string;
    checkpoint: string;
    personId: string;
    laptops: Awaited<ReturnType<typeof registerDevice>>[];
    accessId: string;
  };

  /** The card's steps by key, from an answer that must be a 200. */
  const stepsOf = (answer: Answer) => {
    expect(answer.status, answer.text).to.equal(200);
    return new Map((answer.body.steps as Step[]).map((step) => [step.step_key, step]));
  };
  const step = (steps: Map<string, Step>, key: string) => {
    const found = steps.get(key);
    expect(found, key).to.not.equal(undefined);
    return found as Step;
  };
  /** The process manager applies effects after the step's own write: reads until `done`, at most 20 s. */
  const eventually = async (read: () => Promise<Answer>, done: (answer: Answer) => boolean) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await world.settle();
      const answer = await read();
      if (done(answer) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const outcomeOf = (key: string) => (answer: Answer) =>
    answer.status === 200 && stepsOf(answer).get(key)?.effectOutcome != null;

  before(async () => {
    world = await startTestWorld();
    const { technician, managerA } = world;
    const person = await registerPerson(managerA, { name: 'Olga Odchodząca' });
    const laptops = [
      await registerDevice(technician, { model: 'ThinkPad T14' }),
      await registerDevice(technician, { model: 'MacBook Air' }),
    ];
    for (const laptop of laptops) {
      await write(technician, `/devices/${laptop.deviceId}/assign`, { personId: person.personId });
    }
    const access = await write(technician, `/people/${person.personId}/accesses`, {
      system: 'VPN',
      monthlyCost: { amount: 4900, currency: 'PLN' },
    });
    const started = await write(managerA, '/processes', {
      scenarioId: 'offboarding',
      parameters: { personId: person.personId, lastDay: '2026-03-31' },
    });
    offboarding = {
      processId: started.ids.processId as string,
      checkpoint: started.checkpoint,
      personId: person.personId,
      laptops,
      accessId: access.ids.accessId as string,
    };
  });
  after(() => world?.close());

  it('shows the device of each collect step and the access of the revoke step of an offboarding', async () => {
    const { processId, checkpoint, personId, laptops, accessId } = offboarding;
    const [first, second] = laptops as [(typeof laptops)[number], (typeof laptops)[number]];

    const answer = await readAfter(world.technician, `/processes/${processId}`, checkpoint);

    expectCaughtUp(answer);
    expect(Object.keys(answer.body)).to.have.members(['process', 'steps', 'waitingForClient']);
    const steps = stepsOf(answer);
    expect(step(steps, 'collect-device-1').effect).to.deep.equal({
      type: 'return_device',
      args: {
        deviceId: { value: first.deviceId },
        personId: { value: personId },
        condition: { outcome: 'condition', step: 'collect-device-1' },
      },
      device: { deviceId: first.deviceId, assetTag: first.assetTag, model: 'ThinkPad T14' },
    });
    expect(step(steps, 'collect-device-2').effect?.device).to.deep.equal({
      deviceId: second.deviceId,
      assetTag: second.assetTag,
      model: 'MacBook Air',
    });
    expect(step(steps, 'revoke-access-1').effect).to.deep.include({
      type: 'revoke_access',
      access: { accessId, system: 'VPN' },
    });
    expect(step(steps, 'revoke-access-1').effect?.args.accessId).to.deep.equal({ value: accessId });
    expect(step(steps, 'back-up-data').effect).to.equal(null);
    expect([...steps.values()].every((s) => s.effectOutcome === null)).to.equal(true);
  });

  it('shows a completed collect step with its condition and, once the process manager applied it, its effect applied', async () => {
    const { processId } = offboarding;
    const completed = await write(
      world.technician,
      `/processes/${processId}/steps/collect-device-1/complete`,
      { outcome: { condition: 'good' } },
    );

    const right = stepsOf(await readAfter(world.technician, `/processes/${processId}`, completed.checkpoint));
    expect(step(right, 'collect-device-1')).to.include({ status: 'done' });
    expect(step(right, 'collect-device-1').effect?.args.condition).to.deep.equal({
      outcome: 'condition',
      step: 'collect-device-1',
      value: 'good',
    });

    const applied = await eventually(
      () => world.technician.get(`/processes/${processId}`),
      outcomeOf('collect-device-1'),
    );
    const outcome = step(stepsOf(applied), 'collect-device-1').effectOutcome;
    expect(outcome).to.include({ status: 'applied' });
    expect(Date.parse((outcome as { appliedAt: string }).appliedAt)).to.not.be.NaN;
    expect(step(stepsOf(applied), 'collect-device-2').effectOutcome).to.equal(null);
  });

  it('shows why an effect failed: a device taken back by hand before its collect step was completed', async () => {
    const { processId, laptops } = offboarding;
    const second = laptops[1] as (typeof laptops)[number];
    await write(world.technician, `/devices/${second.deviceId}/return`, {
      condition: 'worn',
      note: 'Handed in early at the front desk',
    });
    await write(world.technician, `/processes/${processId}/steps/collect-device-2/complete`, {
      outcome: { condition: 'worn' },
    });

    const failed = await eventually(
      () => world.technician.get(`/processes/${processId}`),
      outcomeOf('collect-device-2'),
    );
    const outcome = step(stepsOf(failed), 'collect-device-2').effectOutcome;
    expect(outcome).to.include({ status: 'failed', errorCode: 'DEVICE_NOT_ASSIGNED' });
    expect((outcome as { message: string }).message)
      .to.be.a('string')
      .and.not.equal('');
    expect(step(stepsOf(failed), 'collect-device-2').effect?.device?.assetTag).to.equal(second.assetTag);
  });

  it("answers 404 to tenant B asking for tenant A's process", async () => {
    await world.settle();
    const answer = await world.managerB.get(`/processes/${offboarding.processId}`);
    expectProblem(answer, 404, 'NOT_FOUND');
    expect(answer.text).to.not.include(offboarding.accessId);
    // The technician serves both companies, but acting in B does not see A's process either.
    const inB = await world.technician.in(world.tenantB).get(`/processes/${offboarding.processId}`);
    expectProblem(inB, 404, 'NOT_FOUND');
  });
});
