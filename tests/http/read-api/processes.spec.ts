import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  expectCaughtUp,
  readAfter,
  registerPerson,
  startAccessRequest,
  write,
} from './support/read-fixtures.js';

describe('read API: processes, decisions and scenarios', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  it('lists a process the client manager just started, with its progress', async () => {
    const person = await registerPerson(world.managerA);
    const started = await startAccessRequest(world.managerA, person.personId, 'Jira');

    const answer = await readAfter(world.technician, '/processes', started.checkpoint);

    expectCaughtUp(answer);
    const listed = answer.body.items.find(
      (item: { process_id: string }) => item.process_id === started.processId,
    );
    expect(listed).to.include({
      scenario_id: 'access-request',
      scenario_kind: 'access_request',
      title_en: 'Access request',
      status: 'running',
      person_id: person.personId,
      started_by: world.managerA.accountId,
      done_steps: 0,
      total_steps: 2,
    });
    expect(listed.parameters).to.deep.equal({ personId: person.personId, system: 'Jira' });
  });

  it('shows the process card with its steps and the decision that waits for the client', async () => {
    const person = await registerPerson(world.managerA);
    const started = await startAccessRequest(world.managerA, person.personId);

    const answer = await readAfter(world.managerA, `/processes/${started.processId}`, started.checkpoint);

    expectCaughtUp(answer);
    expect(answer.body.process).to.include({ process_id: started.processId, status: 'running' });
    expect(
      answer.body.steps.map((step: { step_key: string; kind: string; status: string }) => [
        step.step_key,
        step.kind,
        step.status,
      ]),
    ).to.deep.equal([
      ['approve-access', 'decision', 'pending'],
      ['grant-access', 'task', 'pending'],
    ]);
    expect(answer.body.waitingForClient).to.deep.equal(['approve-access']);
  });

  it('lists a waiting decision until the client manager answers it, then shows the answer on the card', async () => {
    const person = await registerPerson(world.managerA);
    const started = await startAccessRequest(world.managerA, person.personId);
    const waiting = (answer: { body: { items: Array<{ process_id: string; step_key: string }> } }) =>
      answer.body.items.filter((item) => item.process_id === started.processId).map((item) => item.step_key);

    const before = await readAfter(world.technician, '/decisions', started.checkpoint);
    const approved = await write(world.managerA, `/processes/${started.processId}/decisions/approve-access`, {
      answer: 'approve',
      comment: 'OK for three months',
    });
    const afterAnswer = await readAfter(world.technician, '/decisions', approved.checkpoint);
    const card = await readAfter(world.managerA, `/processes/${started.processId}`, approved.checkpoint);

    expectCaughtUp(before);
    expect(waiting(before)).to.deep.equal(['approve-access']);
    const item = before.body.items.find(
      (row: { process_id: string }) => row.process_id === started.processId,
    );
    expect(item).to.include({
      person_id: person.personId,
      title_en: 'Approve the access',
      scenario_kind: 'access_request',
    });
    expectCaughtUp(afterAnswer);
    expect(waiting(afterAnswer)).to.deep.equal([]);
    const decision = card.body.steps.find((step: { step_key: string }) => step.step_key === 'approve-access');
    expect(decision).to.include({ status: 'done', answer: 'approve', comment: 'OK for three months' });
    expect(card.body.waitingForClient).to.deep.equal([]);
  });

  it('filters processes by person, kind and status', async () => {
    const person = await registerPerson(world.managerA);
    const first = await startAccessRequest(world.managerA, person.personId, 'Slack');
    const second = await startAccessRequest(world.managerA, person.personId, 'Figma');
    const cancelled = await write(world.managerA, `/processes/${first.processId}/cancel`, {
      reason: 'Not needed',
    });
    const ids = (answer: { body: { items: Array<{ process_id: string }> } }) =>
      answer.body.items.map((item) => item.process_id);

    const mine = await readAfter(
      world.managerA,
      `/processes?personId=${person.personId}`,
      cancelled.checkpoint,
    );
    const running = await world.managerA.get(`/processes?personId=${person.personId}&status=running`);
    const stopped = await world.managerA.get(`/processes?personId=${person.personId}&status=cancelled`);
    const onboardings = await world.managerA.get(`/processes?personId=${person.personId}&kind=onboarding`);

    expectCaughtUp(mine);
    expect(ids(mine), 'newest first').to.deep.equal([second.processId, first.processId]);
    expect(ids(running)).to.deep.equal([second.processId]);
    expect(ids(stopped)).to.deep.equal([first.processId]);
    expect(ids(onboardings)).to.deep.equal([]);
  });

  it("lists the catalogue's scenarios and a scenario the tenant's administrator just added", async () => {
    const added = await write(world.mspAdmin, '/scenarios', {
      scenario: {
        id: 'alpha-badge',
        version: 1,
        kind: 'access_request',
        title: { pl: 'Karta wejściowa', en: 'Entry badge' },
        parameters: [
          { name: 'personId', type: 'person_id', required: true, title: { pl: 'Osoba', en: 'Person' } },
        ],
        steps: [
          {
            key: 'print-badge',
            kind: 'task',
            title: { pl: 'Wydrukuj', en: 'Print it' },
            dependsOn: [],
            required: true,
          },
        ],
      },
    });

    const answer = await readAfter(world.managerA, '/scenarios', added.checkpoint);
    const elsewhere = await world.managerB.get('/scenarios');

    expectCaughtUp(answer);
    const bySource = (source: string) =>
      answer.body.items
        .filter((scenario: { source: string }) => scenario.source === source)
        .map((scenario: { id: string }) => scenario.id);
    expect(bySource('catalogue')).to.include.members(['access-request', 'offboarding', 'onboarding-office']);
    expect(bySource('tenant')).to.deep.equal(['alpha-badge']);
    const own = answer.body.items.find((scenario: { id: string }) => scenario.id === 'alpha-badge');
    expect(own.title).to.deep.equal({ pl: 'Karta wejściowa', en: 'Entry badge' });
    expect(elsewhere.status).to.equal(200);
    expect(elsewhere.body.items.map((scenario: { id: string }) => scenario.id)).not.to.include('alpha-badge');
  });
});
