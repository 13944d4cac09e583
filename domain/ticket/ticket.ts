import { assertNever } from '../shared/index.js';
import type { TicketEvent, TicketFacts } from './ticket-events.js';

/** What holds for a ticket in every status once it is opened. */
export interface OpenedTicket {
  ticket: TicketFacts;
  assigneeId: string | null;
  /** When the IT team first answered; `null` until then. It is recorded once and never moves. */
  firstRespondedAt: string | null;
}

/**
 * A ticket's lifecycle: new → in_progress ⇄ waiting_for_client, in_progress → resolved → closed, and
 * resolved → in_progress on reopening. Waiting remembers when the SLA clock paused; resolved remembers
 * when, because the reopen window runs from that instant.
 */
export type TicketState =
  | { status: 'unopened' }
  | ({ status: 'new' } & OpenedTicket)
  | ({ status: 'in_progress' } & OpenedTicket)
  | ({ status: 'waiting_for_client'; pausedAt: string } & OpenedTicket)
  | ({ status: 'resolved'; resolvedAt: string } & OpenedTicket)
  | ({ status: 'closed'; closedAt: string } & OpenedTicket);

export type OpenedTicketState = Exclude<TicketState, { status: 'unopened' }>;

export const initialTicketState: TicketState = { status: 'unopened' };

const opened = (state: TicketState): OpenedTicketState => {
  if (state.status === 'unopened') throw new Error('Event applied to a ticket that was never opened');
  return state;
};

/** The status-independent part, for a transition to another status. */
const carried = (state: TicketState): OpenedTicket => {
  const { ticket, assigneeId, firstRespondedAt } = opened(state);
  return { ticket, assigneeId, firstRespondedAt };
};

export const evolveTicket = (state: TicketState, event: TicketEvent): TicketState => {
  switch (event.type) {
    case 'TicketOpened': {
      const { openedAt: _, ...ticket } = event.data;
      return { status: 'new', ticket, assigneeId: null, firstRespondedAt: null };
    }
    case 'TicketFirstResponded':
      return { ...opened(state), firstRespondedAt: event.data.respondedAt };
    case 'TicketWorkStarted':
      return { status: 'in_progress', ...carried(state) };
    case 'TicketWaitingForClient':
      return { status: 'waiting_for_client', ...carried(state), pausedAt: event.data.pausedAt };
    case 'TicketResumed':
      return { status: 'in_progress', ...carried(state) };
    case 'TicketResolved':
      return { status: 'resolved', ...carried(state), resolvedAt: event.data.resolvedAt };
    case 'TicketReopened':
      return { status: 'in_progress', ...carried(state) };
    case 'TicketClosed':
      return { status: 'closed', ...carried(state), closedAt: event.data.closedAt };
    case 'TicketAssigned':
      return { ...opened(state), assigneeId: event.data.assigneeId };
    case 'TicketCommented':
    case 'TicketWorkLogged':
      // History only: neither changes what the next decision depends on.
      return opened(state);
    default:
      return assertNever(event);
  }
};
