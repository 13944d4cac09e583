import {
  type Actor,
  assertNever,
  conflict,
  type Decider,
  forbidden,
  notFound,
  type Role,
  ruleBroken,
} from '../shared/index.js';
import type { OpenedTicketState, TicketState } from './ticket.js';
import { evolveTicket, initialTicketState } from './ticket.js';
import type { TicketCommand } from './ticket-commands.js';
import type { SlaTargets, TicketEvent } from './ticket-events.js';

const itTeam: readonly Role[] = ['technician', 'msp_admin'];
const clientSide: readonly Role[] = ['client_manager', 'employee'];
/** Everyone but auditors, who only read. */
const participants: readonly Role[] = [...clientSide, ...itTeam];

const maxLength = { title: 200, description: 10_000, body: 10_000, resolution: 10_000, short: 2000 };
const minutesPerDay = 24 * 60;
const msPerDay = minutesPerDay * 60 * 1000;

/** Refuses an actor whose role may not do `action` at all. */
const allow = (actor: Actor, roles: readonly Role[], action: string) => {
  if (!roles.includes(actor.role)) {
    throw forbidden('TICKET_ROLE_FORBIDDEN', `A ${actor.role} may not ${action}`, {
      role: actor.role,
      action,
    });
  }
};

/** An employee acts only on their own tickets; other roles act for anyone of the tenant. */
const ownTicketOnly = (actor: Actor, requesterId: string) => {
  if (actor.role === 'employee' && actor.personId !== requesterId) {
    throw forbidden('TICKET_NOT_REQUESTER', 'An employee acts only on their own tickets', { requesterId });
  }
};

const opened = (state: TicketState, ticketId: string): OpenedTicketState => {
  if (state.status === 'unopened') throw notFound('TICKET_NOT_FOUND', `Ticket ${ticketId} does not exist`);
  return state;
};

/** Closed is final: nothing more happens to a closed ticket, not even a comment. */
const notClosed = (ticket: OpenedTicketState) => {
  if (ticket.status === 'closed') {
    throw ruleBroken(
      'TICKET_CLOSED',
      `Ticket ${ticket.ticket.ticketId} is closed: nothing more can happen to it`,
    );
  }
  return ticket;
};

const inStatus = <S extends OpenedTicketState['status']>(
  ticket: OpenedTicketState,
  status: S,
  code: string,
  action: string,
): Extract<OpenedTicketState, { status: S }> => {
  notClosed(ticket);
  if (ticket.status !== status) {
    throw ruleBroken(
      code,
      `Ticket ${ticket.ticket.ticketId} is ${ticket.status}; it must be ${status} to ${action}`,
      {
        status: ticket.status,
      },
    );
  }
  return ticket as Extract<OpenedTicketState, { status: S }>;
};

const required = (value: string, code: string, what: string) => {
  if (value.trim().length === 0) throw ruleBroken(code, `${what} must not be empty`);
};

const notTooLong = (value: string, max: number, field: string) => {
  if (value.length > max) {
    throw ruleBroken('TICKET_TEXT_TOO_LONG', `The ${field} is longer than ${max} characters`, {
      field,
      maxLength: max,
    });
  }
};

const assertSla = ({ firstResponseMinutes, resolutionMinutes }: SlaTargets) => {
  const positive = (n: number) => Number.isSafeInteger(n) && n > 0;
  if (
    !positive(firstResponseMinutes) ||
    !positive(resolutionMinutes) ||
    resolutionMinutes < firstResponseMinutes
  ) {
    throw ruleBroken(
      'TICKET_SLA_INVALID',
      'SLA targets must be whole positive minutes, and resolution cannot come before the first response',
      { firstResponseMinutes, resolutionMinutes },
    );
  }
};

/**
 * The rules of a ticket (DESIGN.md, "The domain"). The SLA clock is not computed here; the events carry
 * what a projection needs: targets frozen at opening, the first response, every pause and resume.
 */
export const decideTicket = (command: TicketCommand, state: TicketState): TicketEvent[] => {
  const { now, actor } = command.meta;
  switch (command.type) {
    case 'OpenTicket': {
      const d = command.data;
      allow(actor, participants, 'open a ticket');
      ownTicketOnly(actor, d.requesterId);
      if (state.status !== 'unopened') {
        throw conflict('TICKET_ALREADY_OPENED', `Ticket ${d.ticketId} is already open`);
      }
      if (d.requesterStatus === 'departed') {
        throw ruleBroken(
          'TICKET_REQUESTER_DEPARTED',
          `Person ${d.requesterId} has departed and cannot request`,
        );
      }
      required(d.title, 'TICKET_TITLE_REQUIRED', 'The title');
      notTooLong(d.title, maxLength.title, 'title');
      notTooLong(d.description, maxLength.description, 'description');
      assertSla(d.sla);
      return [
        {
          type: 'TicketOpened',
          data: {
            ticketId: d.ticketId,
            requesterId: d.requesterId,
            deviceId: d.deviceId ?? null,
            category: d.category,
            priority: d.priority,
            title: d.title,
            description: d.description,
            sla: {
              firstResponseMinutes: d.sla.firstResponseMinutes,
              resolutionMinutes: d.sla.resolutionMinutes,
            },
            openedAt: now,
          },
        },
      ];
    }
    case 'StartTicketWork': {
      const { ticketId } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, itTeam, 'start work on a ticket');
      inStatus(ticket, 'new', 'TICKET_NOT_NEW', 'start work');
      const events: TicketEvent[] = [{ type: 'TicketWorkStarted', data: { ticketId, startedAt: now } }];
      if (ticket.firstRespondedAt === null) {
        events.push({
          type: 'TicketFirstResponded',
          data: { ticketId, via: 'work_started', respondedAt: now },
        });
      }
      return events;
    }
    case 'MarkTicketWaitingForClient': {
      const { ticketId, reason } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, itTeam, 'put a ticket on waiting for the client');
      inStatus(ticket, 'in_progress', 'TICKET_NOT_IN_PROGRESS', 'wait for the client');
      notTooLong(reason, maxLength.short, 'reason');
      return [{ type: 'TicketWaitingForClient', data: { ticketId, reason, pausedAt: now } }];
    }
    case 'ResumeTicket': {
      const { ticketId } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, itTeam, 'resume a ticket');
      const waiting = inStatus(ticket, 'waiting_for_client', 'TICKET_NOT_WAITING_FOR_CLIENT', 'be resumed');
      return [
        {
          type: 'TicketResumed',
          data: { ticketId, trigger: 'it_team', pausedAt: waiting.pausedAt, resumedAt: now },
        },
      ];
    }
    case 'ResolveTicket': {
      const { ticketId, resolution } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, itTeam, 'resolve a ticket');
      inStatus(ticket, 'in_progress', 'TICKET_NOT_IN_PROGRESS', 'be resolved');
      required(resolution, 'TICKET_RESOLUTION_REQUIRED', 'The resolution note');
      notTooLong(resolution, maxLength.resolution, 'resolution');
      return [{ type: 'TicketResolved', data: { ticketId, resolution, resolvedAt: now } }];
    }
    case 'ReopenTicket': {
      const { ticketId, reason, reopenWindowDays } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, participants, 'reopen a ticket');
      ownTicketOnly(actor, ticket.ticket.requesterId);
      const resolved = inStatus(ticket, 'resolved', 'TICKET_NOT_RESOLVED', 'be reopened');
      // Measured in whole 24-hour days from the resolution instant; the last instant of the window counts.
      const elapsed = Date.parse(now) - Date.parse(resolved.resolvedAt);
      if (!(elapsed <= reopenWindowDays * msPerDay)) {
        throw ruleBroken(
          'TICKET_REOPEN_WINDOW_EXPIRED',
          `Ticket ${ticketId} was resolved more than ${reopenWindowDays} days ago; open a new ticket instead`,
          { resolvedAt: resolved.resolvedAt, reopenWindowDays },
        );
      }
      notTooLong(reason, maxLength.short, 'reason');
      return [{ type: 'TicketReopened', data: { ticketId, reason, reopenedAt: now } }];
    }
    case 'CloseTicket': {
      const { ticketId } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, participants, 'close a ticket');
      ownTicketOnly(actor, ticket.ticket.requesterId);
      inStatus(ticket, 'resolved', 'TICKET_NOT_RESOLVED', 'be closed');
      return [{ type: 'TicketClosed', data: { ticketId, closedAt: now } }];
    }
    case 'CommentOnTicket': {
      const { ticketId, commentId, visibility, body } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, participants, 'comment on a ticket');
      ownTicketOnly(actor, ticket.ticket.requesterId);
      if (visibility === 'internal' && !itTeam.includes(actor.role)) {
        throw forbidden('TICKET_INTERNAL_COMMENT_FORBIDDEN', 'Only the IT team writes internal comments', {
          role: actor.role,
        });
      }
      notClosed(ticket);
      required(body, 'TICKET_COMMENT_EMPTY', 'A comment');
      notTooLong(body, maxLength.body, 'comment');
      const events: TicketEvent[] = [
        {
          type: 'TicketCommented',
          data: { ticketId, commentId, authorId: actor.id, visibility, body, commentedAt: now },
        },
      ];
      if (visibility === 'public' && itTeam.includes(actor.role) && ticket.firstRespondedAt === null) {
        events.push({
          type: 'TicketFirstResponded',
          data: { ticketId, via: 'public_comment', respondedAt: now },
        });
      }
      // The client answering is what the IT team waited for: the SLA clock runs again without a click.
      if (
        visibility === 'public' &&
        clientSide.includes(actor.role) &&
        ticket.status === 'waiting_for_client'
      ) {
        events.push({
          type: 'TicketResumed',
          data: { ticketId, trigger: 'client_comment', pausedAt: ticket.pausedAt, resumedAt: now },
        });
      }
      return events;
    }
    case 'AssignTicket': {
      const { ticketId, assigneeId, assigneeRole } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, itTeam, 'assign a ticket');
      notClosed(ticket);
      if (!itTeam.includes(assigneeRole)) {
        throw ruleBroken(
          'TICKET_ASSIGNEE_NOT_IT_TEAM',
          `A ticket is assigned to a technician, not a ${assigneeRole}`,
          {
            assigneeRole,
          },
        );
      }
      if (ticket.assigneeId === assigneeId) {
        throw ruleBroken(
          'TICKET_ASSIGNEE_UNCHANGED',
          `Ticket ${ticketId} is already assigned to ${assigneeId}`,
        );
      }
      return [
        {
          type: 'TicketAssigned',
          data: { ticketId, assigneeId, previousAssigneeId: ticket.assigneeId, assignedAt: now },
        },
      ];
    }
    case 'LogTicketWork': {
      const { ticketId, workLogId, minutes, billable, note } = command.data;
      const ticket = opened(state, ticketId);
      allow(actor, itTeam, 'log work on a ticket');
      notClosed(ticket);
      if (!Number.isSafeInteger(minutes) || minutes <= 0 || minutes > minutesPerDay) {
        throw ruleBroken(
          'TICKET_WORK_MINUTES_INVALID',
          `Work is logged in whole minutes, 1 to ${minutesPerDay}`,
          {
            minutes,
          },
        );
      }
      notTooLong(note, maxLength.short, 'note');
      return [
        {
          type: 'TicketWorkLogged',
          data: { ticketId, workLogId, technicianId: actor.id, minutes, billable, note, loggedAt: now },
        },
      ];
    }
    default:
      return assertNever(command);
  }
};

export const ticketDecider: Decider<TicketCommand, TicketState, TicketEvent> = {
  initialState: initialTicketState,
  evolve: evolveTicket,
  decide: decideTicket,
};
