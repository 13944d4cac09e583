import { expect } from 'chai';
import { laptopPayload } from '../../support/commands.js';
import { type Answer, problemOf, startTestWorld, type TestWorld } from '../support/test-app.js';

interface Step {
  step_key: string;
  kind: string;
  status: string;
  depends_on: string[];
  effect_type: string | null;
  effect_status: string | null;
  effect_error: string | null;
  outcome: Record<string, unknown> | null;
}

const problemType = 'application/problem+json; charset=utf-8';

describe('A whole offboarding over HTTP', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  /** Reads until `done` holds (the process manager's follow-up commands land asynchronously), at most `ms`. */
  const eventually = async (read: () => Promise<Answer>, done: (answer: Answer) => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      await world.settle();
      const answer = await read();
      if (done(answer) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ok = (answer: Answer, status = 200) => {
    expect(answer.status, answer.text).to.equal(status);
    return answer.body;
  };

  it('collects both devices, revokes the access, departs the person and completes the process', async () => {
    const { technician, managerA, auditorA } = world;

    // The person, their two laptops and a VPN access.
    const person = ok(
      await managerA.post('/people', {
        name: 'Olga Odchodząca',
        email: 'olga.odchodzaca@example.com',
        department: 'Finance',
        costCentre: 'CC-200',
        plannedStart: '2025-02-01',
      }),
      201,
    );
    const personId = person.ids.personId as string;
    ok(await technician.post(`/people/${personId}/start`, {}));
    const deviceIds: string[] = [];
    for (const _ of [1, 2]) {
      const { deviceId: _made, ...body } = laptopPayload();
      const registered = ok(await technician.post('/devices', body), 201);
      deviceIds.push(registered.ids.deviceId);
      ok(await technician.post(`/devices/${registered.ids.deviceId}/assign`, { personId }));
    }
    const access = ok(
      await technician.post(`/people/${personId}/accesses`, {
        system: 'VPN',
        monthlyCost: { amount: 4900, currency: 'PLN' },
      }),
      201,
    );

    // The client's manager starts the offboarding; the process manager marks the person as leaving.
    const started = ok(
      await managerA.post('/processes', {
        scenarioId: 'offboarding',
        parameters: { personId, lastDay: '2026-03-31' },
      }),
      201,
    );
    const processId = started.ids.processId as string;
    const leaving = await eventually(
      () => managerA.get(`/people/${personId}`),
      (a) => a.body.person?.status === 'leaving',
    );
    expect(leaving.body.person).to.include({ status: 'leaving', offboarding_process_id: processId });

    // The technician reads the card: one collect step per device, one revoke step per access.
    const card = ok(await technician.get(`/processes/${processId}?after=${started.checkpoint}`));
    expect(card.process).to.include({ status: 'running', scenario_kind: 'offboarding', person_id: personId });
    const steps = card.steps as Step[];
    expect(steps.map((s) => s.step_key)).to.deep.equal([
      'back-up-data',
      'collect-device-1',
      'collect-device-2',
      'revoke-access-1',
      'depart-person',
    ]);
    expect(steps.every((s) => s.kind === 'task' && s.status === 'pending')).to.equal(true);
    expect(card.waitingForClient).to.deep.equal([]);
    expect(card.process).to.include({ done_steps: 0, total_steps: 5 });

    const step = (key: string, action: 'start' | 'complete', body: unknown = {}) =>
      technician.post(`/processes/${processId}/steps/${key}/${action}`, body);

    // Rules the API passes on: the last step waits for the others; a collection must say the condition.
    expect(problemOf(await step('depart-person', 'start'))).to.deep.equal({
      status: 422,
      type: problemType,
      code: 'PROCESS_STEP_BLOCKED',
    });
    ok(await step('collect-device-1', 'start'));
    const missing = await step('collect-device-1', 'complete');
    expect(problemOf(missing)).to.deep.equal({
      status: 422,
      type: problemType,
      code: 'PROCESS_STEP_OUTCOME_MISSING',
    });
    expect(missing.body.details).to.deep.equal({ fields: ['condition'] });

    ok(await step('back-up-data', 'start'));
    ok(await step('back-up-data', 'complete', { note: 'Mailbox exported to the archive' }));
    ok(await step('collect-device-1', 'complete', { outcome: { condition: 'good' } }));
    ok(await step('collect-device-2', 'start'));
    ok(await step('collect-device-2', 'complete', { outcome: { condition: 'worn' }, note: 'Scratched lid' }));
    ok(await step('revoke-access-1', 'start'));
    const revoked = ok(await step('revoke-access-1', 'complete'));
    expect(revoked.events).to.include('ProcessTaskCompleted');

    // Their effects (return both devices, revoke the access) are applied by the process manager.
    const effectsApplied = (a: Answer) =>
      (a.body.steps as Step[])
        .filter((s) => s.step_key.startsWith('collect-') || s.step_key.startsWith('revoke-'))
        .every((s) => s.effect_status === 'applied');
    const applied = await eventually(() => technician.get(`/processes/${processId}`), effectsApplied);
    const byKey = new Map((applied.body.steps as Step[]).map((s) => [s.step_key, s]));
    expect(byKey.get('collect-device-1')).to.include({
      status: 'done',
      effect_type: 'return_device',
      effect_status: 'applied',
    });
    expect(byKey.get('collect-device-2')).to.deep.include({
      outcome: { condition: 'worn' },
      effect_type: 'return_device',
    });
    expect(byKey.get('revoke-access-1')).to.include({
      effect_type: 'revoke_access',
      effect_status: 'applied',
    });
    expect(applied.body.process).to.include({ status: 'running', done_steps: 4 });

    ok(await step('depart-person', 'start'));
    ok(await step('depart-person', 'complete'));
    const completed = await eventually(
      () => technician.get(`/processes/${processId}`),
      (a) =>
        a.body.process.status === 'completed' &&
        (a.body.steps as Step[]).every((s) => s.effect_type === null || s.effect_status === 'applied'),
    );
    expect(completed.body.process).to.include({ status: 'completed', done_steps: 5, total_steps: 5 });
    expect(completed.body.process.finished_at).to.be.a('string');
    expect(
      (completed.body.steps as Step[]).map((s) => [s.step_key, s.status, s.effect_status]),
    ).to.deep.equal([
      ['back-up-data', 'done', null],
      ['collect-device-1', 'done', 'applied'],
      ['collect-device-2', 'done', 'applied'],
      ['revoke-access-1', 'done', 'applied'],
      ['depart-person', 'done', 'applied'],
    ]);

    // Everything it changed, as the client sees it.
    await world.settle();
    for (const deviceId of deviceIds) {
      const device = ok(await managerA.get(`/devices/${deviceId}`));
      expect(device).to.include({ status: 'in_stock', holder_id: null });
    }
    const departed = ok(await managerA.get(`/people/${personId}`));
    expect(departed.person.status).to.equal('departed');
    expect(departed.devicesNow).to.deep.equal([]);
    expect(departed.devicesEver.map((d: { deviceId: string }) => d.deviceId)).to.have.members(deviceIds);
    expect(departed.accesses).to.have.length(1);
    expect(departed.accesses[0]).to.include({ access_id: access.ids.accessId, system: 'VPN' });
    expect(departed.accesses[0].revoked_at).to.be.a('string');
    expect(departed.processIds).to.include(processId);

    const dashboard = ok(await managerA.get('/dashboard'));
    expect(dashboard.runningProcesses.latest.map((p: { processId: string }) => p.processId)).to.not.include(
      processId,
    );
    expect(dashboard.runningProcesses.total).to.equal(0);
    expect(dashboard.devicesByStatus.in_stock).to.be.at.least(2);
    expect(dashboard.devicesByStatus.assigned ?? 0).to.equal(0);
    const listed = ok(await managerA.get(`/processes?personId=${personId}`));
    expect(
      listed.items.map((p: { process_id: string; status: string }) => [p.process_id, p.status]),
    ).to.deep.equal([[processId, 'completed']]);

    // The auditor can follow the whole story.
    const typesOf = async (stream: string) =>
      ok(await auditorA.get(`/audit-log?stream=${stream}&limit=500`)).items.map(
        (e: { event_type: string }) => e.event_type,
      );
    const processTypes: string[] = await typesOf(`process-${processId}`);
    expect(processTypes[0]).to.equal('ProcessStarted');
    expect(processTypes.filter((t) => t === 'ProcessCompleted')).to.have.length(1);
    expect(processTypes.filter((t) => t === 'ProcessTaskCompleted')).to.have.length(5);
    // The last task's effect (the departure) is recorded after the process completed with that task.
    expect(processTypes.filter((t) => t === 'ProcessStepEffectApplied')).to.have.length(3 + 1);
    expect(processTypes.lastIndexOf('ProcessStepEffectApplied')).to.be.greaterThan(
      processTypes.indexOf('ProcessCompleted'),
    );
    for (const deviceId of deviceIds) {
      expect(await typesOf(`device-${deviceId}`)).to.deep.equal([
        'DeviceRegistered',
        'DeviceAssigned',
        'DeviceReturned',
      ]);
    }
    const personTypes: string[] = await typesOf(`person-${personId}`);
    expect(personTypes).to.include.members(['AccessRevoked']);
    expect(personTypes.slice(-1)).to.deep.equal(['PersonDeparted']);
  });
});
