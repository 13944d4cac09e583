import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import { expectCaughtUp, openTicket, readAfter, registerPerson, write } from './support/read-fixtures.js';

describe('read API: tickets', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const ticketIds = (answer: { body: { items: Array<{ ticket_id: string }> } }) =>
    answer.body.items.map((item) => item.ticket_id);

  it('lists a ticket the employee just opened in their own list, with its SLA state', async () => {
    const opened = await openTicket(world.employeeA, { title: 'VPN drops every hour', priority: 'P2' });

    const answer = await readAfter(world.employeeA, '/tickets', opened.checkpoint);

    expectCaughtUp(answer);
    const listed = answer.body.items.find(
      (item: { ticket_id: string }) => item.ticket_id === opened.ticketId,
    );
    expect(listed).to.include({
      title: 'VPN drops every hour',
      priority: 'P2',
      status: 'new',
      requester_id: world.employeePersonId,
      slaState: 'on_track',
      firstResponseState: 'pending',
    });
  });

  it('shows the ticket card with the assignee, status and work logged by the technician', async () => {
    const opened = await openTicket(world.managerA, {
      requesterId: world.employeePersonId,
      title: 'No sound',
    });
    await write(world.technician, `/tickets/${opened.ticketId}/assign`, {
      assigneeId: world.technician.accountId,
      assigneeRole: 'technician',
    });
    await write(world.technician, `/tickets/${opened.ticketId}/start`);
    const logged = await write(world.technician, `/tickets/${opened.ticketId}/work-logs`, {
      minutes: 45,
      billable: true,
      note: 'Driver reinstalled',
    });

    const answer = await readAfter(world.managerA, `/tickets/${opened.ticketId}`, logged.checkpoint);

    expectCaughtUp(answer);
    expect(answer.body).to.include({
      ticket_id: opened.ticketId,
      title: 'No sound',
      status: 'in_progress',
      assignee_id: world.technician.accountId,
      minutes_logged: 45,
      billable_minutes: 45,
      slaState: 'on_track',
      firstResponseState: 'met',
    });
    expect(answer.body.resolutionDueAt).to.be.a('string');
  });

  it('shows a ticket waiting for the client as paused, and finds it by that SLA state', async () => {
    const opened = await openTicket(world.managerA, {
      requesterId: world.employeePersonId,
      title: 'Which model?',
    });
    await write(world.technician, `/tickets/${opened.ticketId}/start`);
    const waiting = await write(world.technician, `/tickets/${opened.ticketId}/wait`, {
      reason: 'Which monitor model do you prefer?',
    });

    const card = await readAfter(world.employeeA, `/tickets/${opened.ticketId}`, waiting.checkpoint);
    const paused = await world.managerA.get('/tickets?slaState=paused');

    expectCaughtUp(card);
    expect(card.body).to.include({ status: 'waiting_for_client', slaState: 'paused' });
    expect(ticketIds(paused)).to.deep.equal([opened.ticketId]);
  });

  it('filters tickets by priority, status, assignee and requester', async () => {
    const requester = await registerPerson(world.managerA);
    const urgent = await openTicket(world.managerA, { requesterId: requester.personId, priority: 'P1' });
    const calm = await openTicket(world.managerA, { requesterId: requester.personId, priority: 'P4' });
    const assigned = await write(world.technician, `/tickets/${calm.ticketId}/assign`, {
      assigneeId: 'tech-filter',
      assigneeRole: 'technician',
    });

    const byRequester = await readAfter(
      world.managerA,
      `/tickets?requesterId=${requester.personId}`,
      assigned.checkpoint,
    );
    const p1 = await world.managerA.get(`/tickets?requesterId=${requester.personId}&priority=P1`);
    const byAssignee = await world.managerA.get('/tickets?assigneeId=tech-filter');
    const newOnes = await world.managerA.get(`/tickets?requesterId=${requester.personId}&status=new`);
    const closedOnes = await world.managerA.get(`/tickets?requesterId=${requester.personId}&status=closed`);

    expectCaughtUp(byRequester);
    expect(ticketIds(byRequester)).to.have.members([urgent.ticketId, calm.ticketId]);
    expect(ticketIds(byRequester)[0], 'the most urgent comes first').to.equal(urgent.ticketId);
    expect(ticketIds(p1)).to.deep.equal([urgent.ticketId]);
    expect(ticketIds(byAssignee)).to.deep.equal([calm.ticketId]);
    expect(ticketIds(newOnes)).to.have.members([urgent.ticketId, calm.ticketId]);
    expect(ticketIds(closedOnes)).to.deep.equal([]);
  });

  it('lists only open tickets, in any status but resolved and closed, with status=open', async () => {
    const requester = await registerPerson(world.managerA);
    const waiting = await openTicket(world.managerA, { requesterId: requester.personId });
    const resolved = await openTicket(world.managerA, { requesterId: requester.personId });
    const closed = await openTicket(world.managerA, { requesterId: requester.personId });
    const fresh = await openTicket(world.managerA, { requesterId: requester.personId });
    for (const ticket of [waiting, resolved, closed]) {
      await write(world.technician, `/tickets/${ticket.ticketId}/start`, {});
    }
    await write(world.technician, `/tickets/${waiting.ticketId}/wait`, { reason: 'Asked for the model' });
    for (const ticket of [resolved, closed]) {
      await write(world.technician, `/tickets/${ticket.ticketId}/resolve`, { resolution: 'Fixed' });
    }
    const last = await write(world.managerA, `/tickets/${closed.ticketId}/close`, {});

    const open = await readAfter(
      world.managerA,
      `/tickets?requesterId=${requester.personId}&status=open`,
      last.checkpoint,
    );
    expectCaughtUp(open);
    expect(ticketIds(open)).to.have.members([waiting.ticketId, fresh.ticketId]);
    const all = await world.managerA.get(`/tickets?requesterId=${requester.personId}`);
    expect(ticketIds(all)).to.have.length(4);
  });
});
