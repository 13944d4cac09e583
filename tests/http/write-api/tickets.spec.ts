import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  expectAccepted,
  expectProblem,
  newDevice,
  newPerson,
  newTicket,
  readAfter,
  resolvedTicket,
  ticketBody,
  uuidShape,
} from './write-fixtures.js';

describe('Write API: tickets', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const card = (ticketId: string, checkpoint: string) =>
    readAfter(world.managerA, `/tickets/${ticketId}`, checkpoint);

  describe('openTicket', () => {
    it('opens a ticket about a device under a server-made UUID and the ticket card shows it', async () => {
      const deviceId = await newDevice(world.technician);
      const answer = await world.technician.post(
        '/tickets',
        ticketBody(world.employeePersonId, { deviceId, priority: 'P2' }),
      );
      const { ids, checkpoint } = expectAccepted(answer, { events: ['TicketOpened'], created: 'ticketId' });
      expect(await card(ids.ticketId as string, checkpoint)).to.include({
        requester_id: world.employeePersonId,
        device_id: deviceId,
        priority: 'P2',
        status: 'new',
        first_response_minutes: 60,
      });
    });

    it('lets an employee leave out the requester, who is then their own person', async () => {
      const { requesterId: _left, ...body } = ticketBody(world.employeePersonId);
      const { ids, checkpoint } = expectAccepted(await world.employeeA.post('/tickets', body), {
        events: ['TicketOpened'],
        created: 'ticketId',
      });
      const ticket = await readAfter(world.employeeA, `/tickets/${ids.ticketId}`, checkpoint);
      expect(ticket.requester_id).to.equal(world.employeePersonId);
    });

    it('refuses with 403 an employee naming another person as the requester', async () => {
      const other = await newPerson(world.technician);
      expectProblem(await world.employeeA.post('/tickets', ticketBody(other)), 403, 'NOT_OWN_PERSON');
    });

    it('opens a distinct ticket for each identical request without an Idempotency-Key', async () => {
      const body = ticketBody(world.employeePersonId);
      const first = expectAccepted(await world.technician.post('/tickets', body), {
        events: ['TicketOpened'],
        created: 'ticketId',
      });
      const second = expectAccepted(await world.technician.post('/tickets', body), {
        events: ['TicketOpened'],
        created: 'ticketId',
      });
      expect(second.ids.ticketId).to.match(uuidShape).and.not.equal(first.ids.ticketId);
    });

    it('answers 400 naming priority and title for a malformed body', async () => {
      const answer = await world.technician.post(
        '/tickets',
        ticketBody(world.employeePersonId, { priority: 'P9', title: '' }),
      );
      expectProblem(answer, 400, 'COMMAND_INVALID', 'priority');
      expect(answer.body.errors.map((error: { path: string }) => error.path)).to.include('title');
    });

    it('refuses an auditor with 403', async () => {
      expectProblem(
        await world.auditorA.post('/tickets', ticketBody(world.employeePersonId)),
        403,
        'ROLE_NOT_ALLOWED',
      );
    });

    it("answers 404 to tenant B's manager naming tenant A's person or device", async () => {
      expectProblem(
        await world.managerB.post('/tickets', ticketBody(world.employeePersonId)),
        404,
        'PERSON_NOT_FOUND',
      );
      const deviceId = await newDevice(world.technician);
      const answer = await world.managerB.post('/tickets', ticketBody(world.personB, { deviceId }));
      expectProblem(answer, 404, 'DEVICE_NOT_FOUND');
    });

    it('answers 409 when the same ticket id is opened twice', async () => {
      const ticketId = randomUUID();
      await accepted(world.technician.post('/tickets', { ...ticketBody(world.employeePersonId), ticketId }));
      const again = await world.technician.post('/tickets', {
        ...ticketBody(world.employeePersonId),
        ticketId,
      });
      expectProblem(again, 409, 'TICKET_ALREADY_OPENED');
    });

    it('refuses with 422 a ticket for a person who has departed', async () => {
      const personId = await newPerson(world.technician);
      await accepted(world.technician.post(`/people/${personId}/depart`));
      expectProblem(
        await world.technician.post('/tickets', ticketBody(personId)),
        422,
        'TICKET_REQUESTER_DEPARTED',
      );
    });
  });

  describe('what the client side may do on tickets', () => {
    it('shows the assignee on the card after assignTicket, and refuses the same assignee again with 422', async () => {
      const ticketId = await newTicket(world.technician, world.employeePersonId);
      const body = { assigneeId: world.technician.accountId, assigneeRole: 'technician' };
      const { checkpoint } = await accepted(world.technician.post(`/tickets/${ticketId}/assign`, body));
      expect((await card(ticketId, checkpoint)).assignee_id).to.equal(world.technician.accountId);
      expectProblem(
        await world.technician.post(`/tickets/${ticketId}/assign`, body),
        422,
        'TICKET_ASSIGNEE_UNCHANGED',
      );
    });

    it('lets an employee comment publicly on their own ticket twice, each comment under its own id', async () => {
      const ticketId = await newTicket(world.technician, world.employeePersonId);
      const body = { visibility: 'public', body: 'Still broken' };
      const first = expectAccepted(await world.employeeA.post(`/tickets/${ticketId}/comments`, body), {
        events: ['TicketCommented'],
        created: 'commentId',
        ids: { ticketId },
      });
      const second = expectAccepted(await world.employeeA.post(`/tickets/${ticketId}/comments`, body), {
        events: ['TicketCommented'],
        created: 'commentId',
      });
      expect(second.ids.commentId).to.not.equal(first.ids.commentId);
      const log = await readAfter(
        world.managerA,
        `/audit-log?stream=ticket-${ticketId}&type=TicketCommented`,
        second.checkpoint,
      );
      expect(log.items.map((item: { data: { commentId: string } }) => item.data.commentId)).to.have.members([
        first.ids.commentId,
        second.ids.commentId,
      ]);
    });

    it("refuses with 403 an employee's internal comment, and a comment on someone else's ticket", async () => {
      const ticketId = await newTicket(world.technician, world.employeePersonId);
      const internal = await world.employeeA.post(`/tickets/${ticketId}/comments`, {
        visibility: 'internal',
        body: 'x',
      });
      expectProblem(internal, 403, 'TICKET_INTERNAL_COMMENT_FORBIDDEN');
      const othersTicket = await newTicket(world.technician, await newPerson(world.technician));
      const foreign = await world.employeeA.post(`/tickets/${othersTicket}/comments`, {
        visibility: 'public',
        body: 'x',
      });
      expectProblem(foreign, 403, 'TICKET_NOT_REQUESTER');
    });

    it('lets an employee reopen and close their own resolved tickets', async () => {
      const reopened = await resolvedTicket(world.technician, world.employeePersonId);
      const { checkpoint } = expectAccepted(
        await world.employeeA.post(`/tickets/${reopened}/reopen`, { reason: 'Not fixed' }),
        { events: ['TicketReopened'], ids: { ticketId: reopened } },
      );
      expect((await card(reopened, checkpoint)).status).to.equal('in_progress');
      const done = await resolvedTicket(world.technician, world.employeePersonId);
      expectAccepted(await world.employeeA.post(`/tickets/${done}/close`), {
        events: ['TicketClosed'],
        ids: { ticketId: done },
      });
    });
  });
});
