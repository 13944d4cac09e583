import { expect } from 'chai';
import type { Actor, CommandContext } from '../../domain/shared/index.js';
import {
  type ResumeTrigger,
  type TicketCommand,
  type TicketEvent,
  ticketDecider,
  ticketEventSchemas,
} from '../../domain/ticket/index.js';
import { createSchemaRegistry } from '../../event-store/schema-registry.js';
import { deciderSpec, stateAfter } from '../support/decider-spec.js';

const t0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();
const now = at(60);
const ticketId = 'ticket-1';
const annaPerson = 'person-anna';

const anna: Actor = { id: 'account-anna', role: 'employee', personId: annaPerson };
const bartek: Actor = { id: 'account-bartek', role: 'employee', personId: 'person-bartek' };
const manager: Actor = { id: 'account-manager', role: 'client_manager' };
const tech: Actor = { id: 'tech-1', role: 'technician' };
const admin: Actor = { id: 'admin-1', role: 'msp_admin' };
const auditor: Actor = { id: 'auditor-1', role: 'auditor' };

const meta = (actor: Actor, instant = now): CommandContext => ({ tenantId: 'tenant-a', actor, now: instant });
const command = <C extends TicketCommand>(type: C['type'], data: C['data'], actor = tech, instant = now) =>
  ({ type, data, meta: meta(actor, instant) }) as C;

const sla = { firstResponseMinutes: 60, resolutionMinutes: 480 };
const openData = {
  ticketId,
  requesterId: annaPerson,
  requesterStatus: 'active',
  deviceId: 'device-1',
  category: 'incident' as const,
  priority: 'P2' as const,
  title: 'Laptop does not start',
  description: 'Black screen since this morning.',
  sla,
};
const { requesterStatus: _, ...openedFacts } = openData;

const opened: TicketEvent = { type: 'TicketOpened', data: { ...openedFacts, openedAt: t0 } };
const firstResponded = (via: 'work_started' | 'public_comment', instant = now): TicketEvent => ({
  type: 'TicketFirstResponded',
  data: { ticketId, via, respondedAt: instant },
});
const workStarted = (instant = at(10)): TicketEvent => ({
  type: 'TicketWorkStarted',
  data: { ticketId, startedAt: instant },
});
const waiting = (instant = at(20)): TicketEvent => ({
  type: 'TicketWaitingForClient',
  data: { ticketId, reason: 'Which room are you in?', pausedAt: instant },
});
const resumed = (trigger: ResumeTrigger, pausedAt = at(20), instant = now): TicketEvent => ({
  type: 'TicketResumed',
  data: { ticketId, trigger, pausedAt, resumedAt: instant },
});
const resolved = (instant = at(30)): TicketEvent => ({
  type: 'TicketResolved',
  data: { ticketId, resolution: 'Replaced the power adapter.', resolvedAt: instant },
});
const reopened: TicketEvent = {
  type: 'TicketReopened',
  data: { ticketId, reason: 'It fails again.', reopenedAt: now },
};
const closed = (instant = now): TicketEvent => ({
  type: 'TicketClosed',
  data: { ticketId, closedAt: instant },
});
const commented = (
  author: Actor,
  visibility: 'public' | 'internal' = 'public',
  body = 'On my way.',
): TicketEvent => ({
  type: 'TicketCommented',
  data: { ticketId, commentId: 'comment-1', authorId: author.id, visibility, body, commentedAt: now },
});
const assigned = (assigneeId: string, previousAssigneeId: string | null = null): TicketEvent => ({
  type: 'TicketAssigned',
  data: { ticketId, assigneeId, previousAssigneeId, assignedAt: now },
});
const workLogged = (minutes = 90): TicketEvent => ({
  type: 'TicketWorkLogged',
  data: {
    ticketId,
    workLogId: 'work-1',
    technicianId: tech.id,
    minutes,
    billable: true,
    note: 'Diagnosis',
    loggedAt: now,
  },
});

/** A ticket a technician is working on, with its first response recorded. */
const inProgress = [opened, workStarted(), firstResponded('work_started', at(10))];
const waitingForClient = [...inProgress, waiting()];
const resolvedTicket = [...inProgress, resolved()];
const closedTicket = [...resolvedTicket, closed(at(40))];

const spec = deciderSpec(ticketDecider);
const comment = (visibility: 'public' | 'internal', body = 'On my way.') => ({
  ticketId,
  commentId: 'comment-1',
  visibility,
  body,
});
const reopen = (reopenWindowDays = 7) => ({ ticketId, reason: 'It fails again.', reopenWindowDays });
const logWork = (minutes = 90) => ({
  ticketId,
  workLogId: 'work-1',
  minutes,
  billable: true,
  note: 'Diagnosis',
});

describe('Ticket', () => {
  describe('opening', () => {
    it('opens a ticket for anyone of the tenant when the IT team asks, freezing the SLA targets', () => {
      spec([])
        .when(command('OpenTicket', openData, tech, t0))
        .then([opened]);
      expect(stateAfter(ticketDecider, [opened])).to.deep.include({ status: 'new', assigneeId: null });
    });
    it('records no device when none is named', () => {
      const { deviceId: _device, ...withoutDevice } = openData;
      spec([])
        .when(command('OpenTicket', withoutDevice, admin, t0))
        .then([{ type: 'TicketOpened', data: { ...openedFacts, deviceId: null, openedAt: t0 } }]);
    });
    it('lets an employee open a ticket for themselves', () => {
      spec([])
        .when(command('OpenTicket', openData, anna, t0))
        .then([opened]);
    });
    it('refuses an employee opening a ticket for someone else', () => {
      spec([])
        .when(command('OpenTicket', openData, bartek, t0))
        .thenThrows('TICKET_NOT_REQUESTER', 'forbidden');
    });
    it('lets a client manager open a ticket for anyone of the company', () => {
      spec([])
        .when(command('OpenTicket', openData, manager, t0))
        .then([opened]);
    });
    it('refuses an auditor, who only reads', () => {
      spec([])
        .when(command('OpenTicket', openData, auditor, t0))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
    it('accepts a requester who is leaving but refuses one who has departed', () => {
      spec([])
        .when(command('OpenTicket', { ...openData, requesterStatus: 'leaving' }, tech, t0))
        .then([opened]);
      spec([])
        .when(command('OpenTicket', { ...openData, requesterStatus: 'departed' }))
        .thenThrows('TICKET_REQUESTER_DEPARTED', 'rule');
    });
    it('refuses to open the same ticket twice', () => {
      spec([opened]).when(command('OpenTicket', openData)).thenThrows('TICKET_ALREADY_OPENED', 'conflict');
    });
    it('takes a title of up to 200 characters and refuses a blank or longer one', () => {
      const title = 'x'.repeat(200);
      spec([])
        .when(command('OpenTicket', { ...openData, title }, tech, t0))
        .then([{ type: 'TicketOpened', data: { ...openedFacts, title, openedAt: t0 } }]);
      spec([])
        .when(command('OpenTicket', { ...openData, title: '  ' }))
        .thenThrows('TICKET_TITLE_REQUIRED');
      spec([])
        .when(command('OpenTicket', { ...openData, title: `${title}x` }))
        .thenThrows('TICKET_TEXT_TOO_LONG');
    });
    it('takes a description of up to 10000 characters, empty included, and refuses a longer one', () => {
      spec([])
        .when(command('OpenTicket', { ...openData, description: '' }, tech, t0))
        .then([{ type: 'TicketOpened', data: { ...openedFacts, description: '', openedAt: t0 } }]);
      spec([])
        .when(command('OpenTicket', { ...openData, description: 'x'.repeat(10_001) }))
        .thenThrows('TICKET_TEXT_TOO_LONG');
    });
    it('refuses SLA targets that are not whole positive minutes or resolve before the first response', () => {
      for (const bad of [
        { firstResponseMinutes: 0, resolutionMinutes: 480 },
        { firstResponseMinutes: 60, resolutionMinutes: 90.5 },
        { firstResponseMinutes: 120, resolutionMinutes: 60 },
      ]) {
        spec([])
          .when(command('OpenTicket', { ...openData, sla: bad }))
          .thenThrows('TICKET_SLA_INVALID');
      }
    });
    it('keeps the SLA targets of the opening for the whole life of the ticket', () => {
      const state = stateAfter(ticketDecider, [...closedTicket]);
      expect(state).to.have.nested.property('ticket.sla').that.deep.equals(sla);
    });
  });

  describe('starting work', () => {
    it('starts a new ticket and records that instant as the first response', () => {
      spec([opened])
        .when(command('StartTicketWork', { ticketId }))
        .then([workStarted(now), firstResponded('work_started')]);
      expect(stateAfter(ticketDecider, [opened, workStarted(), firstResponded('work_started')])).to.include({
        status: 'in_progress',
        firstRespondedAt: now,
      });
    });
    it('does not record a second first response when a public comment came first', () => {
      spec([opened, commented(tech), firstResponded('public_comment', at(5))])
        .when(command('StartTicketWork', { ticketId }, admin))
        .then([workStarted(now)]);
    });
    it('refuses anyone but the IT team', () => {
      for (const actor of [anna, manager, auditor]) {
        spec([opened])
          .when(command('StartTicketWork', { ticketId }, actor))
          .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
      }
    });
    it('refuses a ticket that is not new', () => {
      spec(inProgress).when(command('StartTicketWork', { ticketId })).thenThrows('TICKET_NOT_NEW');
    });
    it('refuses a ticket that was never opened', () => {
      spec([]).when(command('StartTicketWork', { ticketId })).thenThrows('TICKET_NOT_FOUND', 'not_found');
    });
  });

  describe('waiting for the client', () => {
    const wait = { ticketId, reason: 'Which room are you in?' };
    it('pauses a ticket in progress, recording when the SLA clock stopped', () => {
      spec(inProgress)
        .when(command('MarkTicketWaitingForClient', wait))
        .then([waiting(now)]);
      expect(stateAfter(ticketDecider, waitingForClient)).to.include({
        status: 'waiting_for_client',
        pausedAt: at(20),
      });
    });
    it('refuses a ticket that is not in progress', () => {
      spec([opened]).when(command('MarkTicketWaitingForClient', wait)).thenThrows('TICKET_NOT_IN_PROGRESS');
    });
    it('refuses the client side', () => {
      spec(inProgress)
        .when(command('MarkTicketWaitingForClient', wait, manager))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
  });

  describe('resuming', () => {
    it('lets the IT team resume a waiting ticket, with the pause it ends', () => {
      spec(waitingForClient)
        .when(command('ResumeTicket', { ticketId }, admin))
        .then([resumed('it_team')]);
      expect(stateAfter(ticketDecider, [...waitingForClient, resumed('it_team')]).status).to.equal(
        'in_progress',
      );
    });
    it('refuses to resume a ticket that is not waiting', () => {
      spec(inProgress)
        .when(command('ResumeTicket', { ticketId }))
        .thenThrows('TICKET_NOT_WAITING_FOR_CLIENT');
    });
    it('refuses the client side resuming by hand', () => {
      spec(waitingForClient)
        .when(command('ResumeTicket', { ticketId }, anna))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
    it('resumes by itself when the requester answers with a public comment', () => {
      spec(waitingForClient)
        .when(command('CommentOnTicket', comment('public', 'Room 204.'), anna))
        .then([commented(anna, 'public', 'Room 204.'), resumed('client_comment')]);
    });
    it('resumes by itself when a client manager answers with a public comment', () => {
      spec(waitingForClient)
        .when(command('CommentOnTicket', comment('public', 'Room 204.'), manager))
        .then([commented(manager, 'public', 'Room 204.'), resumed('client_comment')]);
    });
    it('keeps waiting when the IT team itself comments', () => {
      spec(waitingForClient)
        .when(command('CommentOnTicket', comment('public', 'Any news?')))
        .then([commented(tech, 'public', 'Any news?')]);
    });
  });

  describe('resolving', () => {
    const resolve = { ticketId, resolution: 'Replaced the power adapter.' };
    it('resolves a ticket in progress with a resolution note', () => {
      spec(inProgress)
        .when(command('ResolveTicket', resolve))
        .then([resolved(now)]);
      expect(stateAfter(ticketDecider, resolvedTicket)).to.include({
        status: 'resolved',
        resolvedAt: at(30),
      });
    });
    it('refuses a resolution without a note', () => {
      spec(inProgress)
        .when(command('ResolveTicket', { ticketId, resolution: ' \n' }))
        .thenThrows('TICKET_RESOLUTION_REQUIRED');
    });
    it('refuses a ticket that is new or waiting for the client', () => {
      spec([opened]).when(command('ResolveTicket', resolve)).thenThrows('TICKET_NOT_IN_PROGRESS');
      spec(waitingForClient).when(command('ResolveTicket', resolve)).thenThrows('TICKET_NOT_IN_PROGRESS');
    });
    it('refuses the client side', () => {
      spec(inProgress)
        .when(command('ResolveTicket', resolve, manager))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
  });

  describe('reopening', () => {
    const resolvedAt = '2026-03-02T10:00:00.000Z';
    const windowEnd = '2026-03-09T10:00:00.000Z';
    const justResolved = [...inProgress, resolved(resolvedAt)];
    it('lets the requester reopen a resolved ticket within the window, back to in progress', () => {
      spec(justResolved)
        .when(command('ReopenTicket', reopen(), anna))
        .then([reopened]);
      expect(stateAfter(ticketDecider, [...justResolved, reopened]).status).to.equal('in_progress');
    });
    it('counts the last instant of the window and refuses the next', () => {
      spec(justResolved)
        .when(command('ReopenTicket', reopen(7), manager, windowEnd))
        .then([
          { type: 'TicketReopened', data: { ticketId, reason: 'It fails again.', reopenedAt: windowEnd } },
        ]);
      spec(justResolved)
        .when(command('ReopenTicket', reopen(7), manager, '2026-03-09T10:00:00.001Z'))
        .thenThrows('TICKET_REOPEN_WINDOW_EXPIRED');
    });
    it('refuses a ticket that is not resolved', () => {
      spec(inProgress).when(command('ReopenTicket', reopen())).thenThrows('TICKET_NOT_RESOLVED');
    });
    it('refuses a closed ticket, closed being final', () => {
      spec(closedTicket).when(command('ReopenTicket', reopen())).thenThrows('TICKET_CLOSED');
    });
    it('refuses another employee and an auditor', () => {
      spec(justResolved)
        .when(command('ReopenTicket', reopen(), bartek))
        .thenThrows('TICKET_NOT_REQUESTER', 'forbidden');
      spec(justResolved)
        .when(command('ReopenTicket', reopen(), auditor))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
  });

  describe('closing', () => {
    it('lets the requester, a client manager, a technician or an MSP admin close a resolved ticket', () => {
      for (const actor of [anna, manager, tech, admin]) {
        spec(resolvedTicket)
          .when(command('CloseTicket', { ticketId }, actor))
          .then([closed()]);
      }
      expect(stateAfter(ticketDecider, closedTicket)).to.include({ status: 'closed', closedAt: at(40) });
    });
    it('refuses another employee and an auditor', () => {
      spec(resolvedTicket)
        .when(command('CloseTicket', { ticketId }, bartek))
        .thenThrows('TICKET_NOT_REQUESTER', 'forbidden');
      spec(resolvedTicket)
        .when(command('CloseTicket', { ticketId }, auditor))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
    it('refuses a ticket that is not resolved', () => {
      spec(inProgress)
        .when(command('CloseTicket', { ticketId }, manager))
        .thenThrows('TICKET_NOT_RESOLVED');
    });
    it('treats closed as final', () => {
      spec(closedTicket).when(command('CloseTicket', { ticketId })).thenThrows('TICKET_CLOSED');
      spec(closedTicket).when(command('StartTicketWork', { ticketId })).thenThrows('TICKET_CLOSED');
      spec(closedTicket)
        .when(command('ResolveTicket', { ticketId, resolution: 'x' }))
        .thenThrows('TICKET_CLOSED');
    });
  });

  describe('comments', () => {
    it("records the IT team's first public comment as the first response", () => {
      spec([opened])
        .when(command('CommentOnTicket', comment('public')))
        .then([commented(tech), firstResponded('public_comment')]);
    });
    it('records the first response only once', () => {
      spec(inProgress)
        .when(command('CommentOnTicket', comment('public')))
        .then([commented(tech)]);
    });
    it('lets the IT team write internal comments, which are no response to the client', () => {
      spec([opened])
        .when(command('CommentOnTicket', comment('internal'), admin))
        .then([commented(admin, 'internal')]);
    });
    it('lets the requester and a client manager write public comments, which are no first response', () => {
      spec([opened])
        .when(command('CommentOnTicket', comment('public'), anna))
        .then([commented(anna)]);
      spec([opened])
        .when(command('CommentOnTicket', comment('public'), manager))
        .then([commented(manager)]);
    });
    it('refuses internal comments from the client side', () => {
      for (const actor of [anna, manager]) {
        spec([opened])
          .when(command('CommentOnTicket', comment('internal'), actor))
          .thenThrows('TICKET_INTERNAL_COMMENT_FORBIDDEN', 'forbidden');
      }
    });
    it("refuses an employee commenting on someone else's ticket, and an auditor", () => {
      spec([opened])
        .when(command('CommentOnTicket', comment('public'), bartek))
        .thenThrows('TICKET_NOT_REQUESTER', 'forbidden');
      spec([opened])
        .when(command('CommentOnTicket', comment('public'), auditor))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
    it('takes a body of 1 to 10000 characters', () => {
      const body = 'x'.repeat(10_000);
      spec([opened])
        .when(command('CommentOnTicket', comment('internal', body)))
        .then([commented(tech, 'internal', body)]);
      spec([opened])
        .when(command('CommentOnTicket', comment('public', '')))
        .thenThrows('TICKET_COMMENT_EMPTY');
      spec([opened])
        .when(command('CommentOnTicket', comment('public', `${body}x`)))
        .thenThrows('TICKET_TEXT_TOO_LONG');
    });
    it('accepts comments on a resolved ticket but none on a closed one', () => {
      spec(resolvedTicket)
        .when(command('CommentOnTicket', comment('public'), anna))
        .then([commented(anna)]);
      spec(closedTicket)
        .when(command('CommentOnTicket', comment('public'), anna))
        .thenThrows('TICKET_CLOSED');
    });
  });

  describe('assignee', () => {
    const assign = (assigneeId: string, assigneeRole: Actor['role'] = 'technician') => ({
      ticketId,
      assigneeId,
      assigneeRole,
    });
    it('assigns a ticket to a technician', () => {
      spec([opened])
        .when(command('AssignTicket', assign(tech.id)))
        .then([assigned(tech.id)]);
      expect(stateAfter(ticketDecider, [opened, assigned(tech.id)])).to.include({ assigneeId: tech.id });
    });
    it('reassigns to an MSP admin, recording who had it', () => {
      spec([opened, assigned(tech.id)])
        .when(command('AssignTicket', assign(admin.id, 'msp_admin'), admin))
        .then([assigned(admin.id, tech.id)]);
    });
    it('refuses to reassign to the same assignee', () => {
      spec([opened, assigned(tech.id)])
        .when(command('AssignTicket', assign(tech.id)))
        .thenThrows('TICKET_ASSIGNEE_UNCHANGED');
    });
    it('refuses an assignee outside the IT team', () => {
      spec([opened])
        .when(command('AssignTicket', assign(manager.id, 'client_manager')))
        .thenThrows('TICKET_ASSIGNEE_NOT_IT_TEAM');
    });
    it('refuses the client side assigning', () => {
      spec([opened])
        .when(command('AssignTicket', assign(tech.id), manager))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
    it('refuses a closed ticket', () => {
      spec(closedTicket)
        .when(command('AssignTicket', assign(admin.id, 'msp_admin')))
        .thenThrows('TICKET_CLOSED');
    });
  });

  describe('work log', () => {
    it('logs whole minutes of work by the technician who did it', () => {
      spec(inProgress).when(command('LogTicketWork', logWork())).then([workLogged()]);
    });
    it('logs work on a resolved ticket, up to a full day at once', () => {
      spec(resolvedTicket)
        .when(command('LogTicketWork', logWork(24 * 60)))
        .then([workLogged(24 * 60)]);
    });
    it('refuses no minutes, fractions of a minute and more than a day', () => {
      for (const minutes of [0, -5, 1.5, 24 * 60 + 1]) {
        spec(inProgress)
          .when(command('LogTicketWork', logWork(minutes)))
          .thenThrows('TICKET_WORK_MINUTES_INVALID');
      }
    });
    it('refuses a closed ticket', () => {
      spec(closedTicket).when(command('LogTicketWork', logWork())).thenThrows('TICKET_CLOSED');
    });
    it('refuses the client side', () => {
      spec(inProgress)
        .when(command('LogTicketWork', logWork(), manager))
        .thenThrows('TICKET_ROLE_FORBIDDEN', 'forbidden');
    });
  });

  describe('event schemas', () => {
    // Keyed by every event type: the compiler fails when a type is added to TicketEvent but not here.
    const eventTypes: Record<TicketEvent['type'], true> = {
      TicketOpened: true,
      TicketFirstResponded: true,
      TicketWorkStarted: true,
      TicketWaitingForClient: true,
      TicketResumed: true,
      TicketResolved: true,
      TicketReopened: true,
      TicketClosed: true,
      TicketCommented: true,
      TicketAssigned: true,
      TicketWorkLogged: true,
    };
    const registry = createSchemaRegistry({ schemas: ticketEventSchemas });

    /** A whole life of a ticket through the decider, so the schemas meet the events it really emits. */
    const life: TicketCommand[] = [
      command('OpenTicket', { ...openData, deviceId: null }, anna, at(0)),
      command('AssignTicket', { ticketId, assigneeId: tech.id, assigneeRole: 'technician' }, admin, at(1)),
      command('CommentOnTicket', { ...comment('internal'), commentId: 'c-1' }, tech, at(2)),
      command('CommentOnTicket', { ...comment('public'), commentId: 'c-2' }, tech, at(3)),
      command('StartTicketWork', { ticketId }, tech, at(4)),
      command('MarkTicketWaitingForClient', { ticketId, reason: '' }, tech, at(5)),
      command('CommentOnTicket', { ...comment('public', 'Room 204.'), commentId: 'c-3' }, anna, at(6)),
      command('MarkTicketWaitingForClient', { ticketId, reason: 'Bring the charger' }, tech, at(7)),
      command('ResumeTicket', { ticketId }, tech, at(8)),
      command('LogTicketWork', { ...logWork(45), note: '' }, tech, at(9)),
      command('ResolveTicket', { ticketId, resolution: 'Adapter replaced.' }, tech, at(10)),
      command('ReopenTicket', { ...reopen(), reason: '' }, anna, at(11)),
      command('ResolveTicket', { ticketId, resolution: 'Mainboard replaced.' }, admin, at(12)),
      command('CloseTicket', { ticketId }, anna, at(13)),
    ];
    const emitted: TicketEvent[] = [];
    life.reduce((state, next) => {
      const events = ticketDecider.decide(next, state);
      emitted.push(...events);
      return events.reduce(ticketDecider.evolve, state);
    }, ticketDecider.initialState);

    it('has a schema for every event type, and none for a type that does not exist', () => {
      const withSchema = [...new Set(ticketEventSchemas.map((schema) => schema.type))].sort();
      expect(withSchema).to.deep.equal(Object.keys(eventTypes).sort());
    });
    it('accepts every event the decider emits over the life of a ticket', () => {
      expect([...new Set(emitted.map((event) => event.type))].sort()).to.deep.equal(
        Object.keys(eventTypes).sort(),
      );
      for (const event of emitted) {
        const version = registry.latestVersion(event.type);
        expect(version, event.type).to.equal(1);
        expect(() => registry.validate(event.type, 1, event.data), event.type).not.to.throw();
      }
    });
    it('rejects data the schemas forbid', () => {
      expect(() =>
        registry.validate('TicketWorkLogged', 1, { ...workLogged().data, minutes: 24 * 60 + 1 }),
      ).to.throw();
      expect(() =>
        registry.validate('TicketOpened', 1, { ...opened.data, requesterStatus: 'active' }),
      ).to.throw();
    });
  });
});
