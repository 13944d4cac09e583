import { expect } from 'chai';
import type { Client } from '../support/test-app.js';
import { startTestWorld, type TestWorld } from '../support/test-app.js';
import {
  accepted,
  expectAccepted,
  expectProblem,
  newTicket,
  readAfter,
  resolvedTicket,
  ticketInProgress,
} from './write-fixtures.js';

/** One endpoint on an existing ticket, in the same shape as the devices' table. */
interface TicketRow {
  operationId: string;
  path: string;
  prepare: (world: TestWorld) => Promise<string>;
  body: (world: TestWorld) => Record<string, unknown>;
  events: string[];
  created?: string;
  shows: Record<string, unknown> | ((world: TestWorld) => Record<string, unknown>);
  invalid: { body: Record<string, unknown>; path: string };
  wrongRole: (world: TestWorld) => Client;
  /** Tenant B's caller: its manager where clients may send the command, else the technician acting in B. */
  outsider: (world: TestWorld) => Client;
  refused: { prepare: (world: TestWorld) => Promise<string>; code: string };
}

const fresh = (world: TestWorld) => newTicket(world.technician, world.employeePersonId);
const working = (world: TestWorld) => ticketInProgress(world.technician, world.employeePersonId);
const resolved = (world: TestWorld) => resolvedTicket(world.technician, world.employeePersonId);
const waiting = async (world: TestWorld) => {
  const ticketId = await working(world);
  await accepted(world.technician.post(`/tickets/${ticketId}/wait`, { reason: 'Which charger?' }));
  return ticketId;
};
const closed = async (world: TestWorld) => {
  const ticketId = await resolved(world);
  await accepted(world.technician.post(`/tickets/${ticketId}/close`));
  return ticketId;
};
const technicianInB = (world: TestWorld) => world.technician.in(world.tenantB);
const managerB = (world: TestWorld) => world.managerB;

const rows: TicketRow[] = [
  {
    operationId: 'startTicketWork',
    path: 'start',
    prepare: fresh,
    body: () => ({}),
    events: ['TicketWorkStarted', 'TicketFirstResponded'],
    shows: { status: 'in_progress' },
    invalid: { body: { note: 'x' }, path: 'note' },
    wrongRole: (world) => world.employeeA,
    outsider: technicianInB,
    refused: { prepare: resolved, code: 'TICKET_NOT_NEW' },
  },
  {
    operationId: 'markTicketWaitingForClient',
    path: 'wait',
    prepare: working,
    body: () => ({ reason: 'Please send the serial number' }),
    events: ['TicketWaitingForClient'],
    shows: { status: 'waiting_for_client' },
    invalid: { body: { reason: '' }, path: 'reason' },
    wrongRole: (world) => world.managerA,
    outsider: technicianInB,
    refused: { prepare: fresh, code: 'TICKET_NOT_IN_PROGRESS' },
  },
  {
    operationId: 'resumeTicket',
    path: 'resume',
    prepare: waiting,
    body: () => ({}),
    events: ['TicketResumed'],
    shows: { status: 'in_progress', paused_since: null },
    invalid: { body: { trigger: 'client' }, path: 'trigger' },
    wrongRole: (world) => world.employeeA,
    outsider: technicianInB,
    refused: { prepare: working, code: 'TICKET_NOT_WAITING_FOR_CLIENT' },
  },
  {
    operationId: 'resolveTicket',
    path: 'resolve',
    prepare: working,
    body: () => ({ resolution: 'Replaced the charger' }),
    events: ['TicketResolved'],
    shows: { status: 'resolved' },
    invalid: { body: { resolution: 42 }, path: 'resolution' },
    wrongRole: (world) => world.managerA,
    outsider: technicianInB,
    refused: { prepare: fresh, code: 'TICKET_NOT_IN_PROGRESS' },
  },
  {
    operationId: 'reopenTicket',
    path: 'reopen',
    prepare: resolved,
    body: () => ({ reason: 'It broke again' }),
    events: ['TicketReopened'],
    shows: { status: 'in_progress', resolved_at: null },
    invalid: { body: {}, path: 'reason' },
    wrongRole: (world) => world.auditorA,
    outsider: managerB,
    refused: { prepare: working, code: 'TICKET_NOT_RESOLVED' },
  },
  {
    operationId: 'closeTicket',
    path: 'close',
    prepare: resolved,
    body: () => ({}),
    events: ['TicketClosed'],
    shows: { status: 'closed' },
    invalid: { body: { reason: 'done' }, path: 'reason' },
    wrongRole: (world) => world.auditorA,
    outsider: managerB,
    refused: { prepare: closed, code: 'TICKET_CLOSED' },
  },
  {
    operationId: 'commentOnTicket',
    path: 'comments',
    prepare: fresh,
    body: () => ({ visibility: 'public', body: 'We are on it' }),
    events: ['TicketCommented', 'TicketFirstResponded'],
    created: 'commentId',
    shows: { status: 'new' },
    invalid: { body: { visibility: 'secret', body: 'x' }, path: 'visibility' },
    wrongRole: (world) => world.auditorA,
    outsider: managerB,
    refused: { prepare: closed, code: 'TICKET_CLOSED' },
  },
  {
    operationId: 'assignTicket',
    path: 'assign',
    prepare: fresh,
    body: (world) => ({ assigneeId: world.technician.accountId, assigneeRole: 'technician' }),
    events: ['TicketAssigned'],
    shows: (world) => ({ assignee_id: world.technician.accountId }),
    invalid: { body: { assigneeId: 'someone', assigneeRole: 'employee' }, path: 'assigneeRole' },
    wrongRole: (world) => world.managerA,
    outsider: technicianInB,
    refused: { prepare: closed, code: 'TICKET_CLOSED' },
  },
  {
    operationId: 'logTicketWork',
    path: 'work-logs',
    prepare: working,
    body: () => ({ minutes: 45, billable: true, note: 'Diagnosis' }),
    events: ['TicketWorkLogged'],
    created: 'workLogId',
    shows: { minutes_logged: 45, billable_minutes: 45 },
    invalid: { body: { minutes: 0, billable: true, note: '' }, path: 'minutes' },
    wrongRole: (world) => world.employeeA,
    outsider: technicianInB,
    refused: { prepare: closed, code: 'TICKET_CLOSED' },
  },
];
describe('Write API: tickets through their lifecycle', function () {
  this.timeout(60_000);
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld();
  });
  after(() => world?.close());

  const card = (ticketId: string, checkpoint: string) =>
    readAfter(world.managerA, `/tickets/${ticketId}`, checkpoint);

  for (const row of rows) {
    describe(row.operationId, () => {
      it(`succeeds with ${row.events.join(', ')} and the ticket card shows it`, async () => {
        const ticketId = await row.prepare(world);
        const answer = await world.technician.post(`/tickets/${ticketId}/${row.path}`, row.body(world));
        const { checkpoint } = expectAccepted(answer, {
          events: row.events,
          ids: { ticketId },
          ...(row.created ? { created: row.created } : {}),
        });
        const shows = typeof row.shows === 'function' ? row.shows(world) : row.shows;
        expect(await card(ticketId, checkpoint)).to.include(shows);
      });

      it(`answers 400 naming ${row.invalid.path} for a malformed body`, async () => {
        const ticketId = await row.prepare(world);
        const answer = await world.technician.post(`/tickets/${ticketId}/${row.path}`, row.invalid.body);
        expectProblem(answer, 400, 'COMMAND_INVALID', row.invalid.path);
      });

      it('refuses a role that may not send it with 403', async () => {
        const ticketId = await row.prepare(world);
        const answer = await row.wrongRole(world).post(`/tickets/${ticketId}/${row.path}`, row.body(world));
        expectProblem(answer, 403, 'ROLE_NOT_ALLOWED');
      });

      it("answers 404 to a caller acting in tenant B naming tenant A's ticket", async () => {
        const ticketId = await row.prepare(world);
        const answer = await row.outsider(world).post(`/tickets/${ticketId}/${row.path}`, row.body(world));
        expectProblem(answer, 404, 'NOT_FOUND');
      });

      it(`refuses with 422 ${row.refused.code} where the ticket's status does not allow it`, async () => {
        const ticketId = await row.refused.prepare(world);
        const answer = await world.technician.post(`/tickets/${ticketId}/${row.path}`, row.body(world));
        expectProblem(answer, 422, row.refused.code);
      });
    });
  }
});
