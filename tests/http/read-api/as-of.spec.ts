import { expect } from 'chai';
import { type Client, startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  errorPaths,
  expectProblem,
  openTicket,
  registerDevice,
  registerPerson,
  startAccessRequest,
  write,
} from './support/read-fixtures.js';

interface Recorded {
  event_type: string;
  recorded_at: string;
  checkpoint: string;
}

/** When each event of a stream was recorded, in log order, as the audit log shows it. */
const recordedEvents = async (world: TestWorld, stream: string): Promise<Recorded[]> => {
  await world.settle();
  const answer = await world.auditorA.get(`/audit-log?stream=${stream}`);
  expect(answer.status, answer.text).to.equal(200);
  return answer.body.items;
};

const recordedOf = (events: Recorded[], type: string) => {
  const event = events.find((candidate) => candidate.event_type === type);
  if (!event) throw new Error(`no ${type} in ${JSON.stringify(events)}`);
  return event;
};

const minusOneMs = (iso: string) => new Date(new Date(iso).getTime() - 1).toISOString();

describe('read API: state as of a date (?asOf=)', function () {
  this.timeout(60_000);
  let world: TestWorld;
  let holderId: string;
  let deviceId: string;
  let events: Recorded[];
  let assigned: Recorded;
  let returned: Recorded;
  let registered: Recorded;
  const asOf = (client: Client, at: string, id = deviceId) =>
    client.get(`/devices/${id}?asOf=${encodeURIComponent(at)}`);

  before(async () => {
    world = await startTestWorld();
    holderId = (await registerPerson(world.managerA, { name: 'Hanna Holder' })).personId;
    deviceId = (await registerDevice(world.technician, { model: 'EliteBook 840' })).deviceId;
    await write(world.technician, `/devices/${deviceId}/assign`, { personId: holderId });
    await write(world.technician, `/devices/${deviceId}/return`, {
      condition: 'good',
      note: 'left the team',
    });
    events = await recordedEvents(world, `device-${deviceId}`);
    registered = recordedOf(events, 'DeviceRegistered');
    assigned = recordedOf(events, 'DeviceAssigned');
    returned = recordedOf(events, 'DeviceReturned');
  });
  after(() => world?.close());

  it('shows an auditor the device assigned to its holder as of a time between assignment and return', async () => {
    const answer = await asOf(world.auditorA, minusOneMs(returned.recorded_at));

    expect(answer.status, answer.text).to.equal(200);
    expect(answer.body).to.deep.include({
      kind: 'device',
      id: deviceId,
      asOf: minusOneMs(returned.recorded_at),
      eventCount: 2,
      lastEventAt: assigned.recorded_at,
      lastCheckpoint: assigned.checkpoint,
    });
    expect(answer.body.state).to.include({ status: 'assigned', holderId, model: 'EliteBook 840' });
  });

  it('counts an event recorded at exactly the asOf instant', async () => {
    const atAssignment = await asOf(world.auditorA, assigned.recorded_at);
    const atReturn = await asOf(world.auditorA, returned.recorded_at);

    expect(atAssignment.body.state).to.include({ status: 'assigned', holderId });
    expect(atReturn.body.state).to.include({ status: 'in_stock', holderId: null });
    expect(atReturn.body.eventCount).to.equal(3);
  });

  it('answers the card, not the past state, without asOf', async () => {
    const answer = await world.auditorA.get(`/devices/${deviceId}`);

    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ device_id: deviceId, status: 'in_stock' });
    expect(answer.body).not.to.have.property('eventCount');
  });

  it('gives a client manager and the msp admin the same past state as the auditor', async () => {
    const at = minusOneMs(returned.recorded_at);
    const auditor = await asOf(world.auditorA, at);

    for (const client of [world.managerA, world.mspAdmin]) {
      const answer = await asOf(client, at);
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.body).to.deep.equal(auditor.body);
    }
  });

  it('answers 404 for a time before the device was registered', async () => {
    const justBefore = await asOf(world.auditorA, minusOneMs(registered.recorded_at));
    const longBefore = await asOf(world.auditorA, '2020-01-01');

    expectProblem(justBefore, 404, 'NOT_FOUND');
    expectProblem(longBefore, 404, 'NOT_FOUND');
  });

  it("answers 404 for another tenant's device, also to the msp admin acting in this tenant", async () => {
    const deviceB = await registerDevice(world.technician.in(world.tenantB));
    const now = new Date().toISOString();

    expectProblem(await asOf(world.auditorA, now, deviceB.deviceId), 404, 'NOT_FOUND');
    expectProblem(await asOf(world.mspAdmin, now, deviceB.deviceId), 404, 'NOT_FOUND');
    expect((await asOf(world.mspAdmin.in(world.tenantB), now, deviceB.deviceId)).status).to.equal(200);
  });

  it('refuses an employee the past state of the device they hold, and a technician any past state', async () => {
    const own = await registerDevice(world.technician);
    await write(world.technician, `/devices/${own.deviceId}/assign`, { personId: world.employeePersonId });
    const now = new Date().toISOString();

    const employee = await asOf(world.employeeA, now, own.deviceId);
    const technician = await asOf(world.technician, now);

    expectProblem(employee, 403, 'ROLE_NOT_ALLOWED');
    expect(employee.body.detail).to.include('employee');
    expectProblem(technician, 403, 'ROLE_NOT_ALLOWED');
    // The card (without asOf) comes from the read model: once it has the assignment, the employee sees it.
    await world.settle();
    expect((await world.employeeA.get(`/devices/${own.deviceId}`)).status, 'the card stays open').to.equal(
      200,
    );
  });

  for (const [bad, message] of [
    ['yesterday', 'not an ISO date'],
    ['2026-02-30', 'not a real date'],
    ['2026-03-01T10:00', 'not an ISO date'],
    ['2999-01-01', 'in the future'],
  ] as const) {
    it(`answers 400 naming query.asOf for asOf=${bad}`, async () => {
      const answer = await asOf(world.auditorA, bad);

      expectProblem(answer, 400, 'QUERY_INVALID');
      expect(errorPaths(answer)).to.deep.equal(['query.asOf']);
      expect(answer.body.errors[0].message).to.include(message);
    });
  }

  it('shows a person as planned before they started and as active after', async () => {
    const person = await registerPerson(world.managerA, { name: 'Piotr Past', department: 'Sales' });
    const [personRegistered, started] = await recordedEvents(world, `person-${person.personId}`);
    const path = (at: string) => `/people/${person.personId}?asOf=${encodeURIComponent(at)}`;

    const before = await world.auditorA.get(path(minusOneMs(started?.recorded_at ?? '')));
    const after = await world.auditorA.get(path(started?.recorded_at ?? ''));

    expect(personRegistered?.event_type).to.equal('PersonRegistered');
    expect(before.body).to.include({ kind: 'person', eventCount: 1 });
    expect(before.body.state).to.include({ status: 'planned', name: 'Piotr Past', department: 'Sales' });
    expect(after.body.state).to.include({ status: 'active' });
    expect(after.body.state.accesses).to.deep.equal([]);
  });

  it('shows a ticket as new before work started and in progress after', async () => {
    const ticket = await openTicket(world.managerA, { requesterId: holderId, title: 'Dock is dead' });
    await write(world.technician, `/tickets/${ticket.ticketId}/start`);
    const [opened, workStarted] = await recordedEvents(world, `ticket-${ticket.ticketId}`);
    const path = (at: string) => `/tickets/${ticket.ticketId}?asOf=${encodeURIComponent(at)}`;

    const before = await world.managerA.get(path(opened?.recorded_at ?? ''));
    const after = await world.managerA.get(path(workStarted?.recorded_at ?? ''));

    expect(before.status, before.text).to.equal(200);
    expect(before.body.state).to.include({ status: 'new', title: 'Dock is dead', requesterId: holderId });
    expect(after.body.state.status).to.equal('in_progress');
  });

  it('shows a process with its steps and what waited for the client at the time', async () => {
    const process = await startAccessRequest(world.managerA, holderId, 'ERP');
    const [started] = await recordedEvents(world, `process-${process.processId}`);

    const answer = await world.auditorA.get(
      `/processes/${process.processId}?asOf=${encodeURIComponent(started?.recorded_at ?? '')}`,
    );

    expect(answer.status, answer.text).to.equal(200);
    expect(answer.body.state).to.include({ status: 'running', scenarioId: 'access-request' });
    expect(answer.body.state.progress.done).to.equal(0);
    expect(answer.body.state.progress.waitingForClient).to.have.length.greaterThan(0);
    expect(answer.body.state.steps[0]).to.include({ status: 'pending' });
  });
});
