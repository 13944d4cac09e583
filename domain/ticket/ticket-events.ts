import type { DomainEvent } from '../shared/index.js';

export const ticketCategories = ['incident', 'request', 'question'] as const;
export type TicketCategory = (typeof ticketCategories)[number];

export const ticketPriorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const commentVisibilities = ['public', 'internal'] as const;
export type CommentVisibility = (typeof commentVisibilities)[number];

/** What counted as the IT team's first answer to the requester. */
export const firstResponseKinds = ['work_started', 'public_comment'] as const;
export type FirstResponseKind = (typeof firstResponseKinds)[number];

/** Who brought a ticket back from waiting: the IT team, or the client answering with a public comment. */
export const resumeTriggers = ['it_team', 'client_comment'] as const;
export type ResumeTrigger = (typeof resumeTriggers)[number];

/** The SLA targets of the tenant's policy for the ticket's priority, frozen when the ticket is opened. */
export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/** What is known of a ticket from its opening. */
export interface TicketFacts {
  ticketId: string;
  /** The person of the tenant the ticket is for. */
  requesterId: string;
  /** The device concerned; `null` when none. */
  deviceId: string | null;
  category: TicketCategory;
  priority: TicketPriority;
  title: string;
  description: string;
  sla: SlaTargets;
}

export type TicketOpened = DomainEvent<'TicketOpened', TicketFacts & { openedAt: string }>;
/** Recorded once: the instant the SLA first-response clock stops. */
export type TicketFirstResponded = DomainEvent<
  'TicketFirstResponded',
  { ticketId: string; via: FirstResponseKind; respondedAt: string }
>;
export type TicketWorkStarted = DomainEvent<'TicketWorkStarted', { ticketId: string; startedAt: string }>;
/** The SLA resolution clock pauses from `pausedAt` until the matching `TicketResumed`. */
export type TicketWaitingForClient = DomainEvent<
  'TicketWaitingForClient',
  { ticketId: string; reason: string; pausedAt: string }
>;
export type TicketResumed = DomainEvent<
  'TicketResumed',
  { ticketId: string; trigger: ResumeTrigger; pausedAt: string; resumedAt: string }
>;
export type TicketResolved = DomainEvent<
  'TicketResolved',
  { ticketId: string; resolution: string; resolvedAt: string }
>;
export type TicketReopened = DomainEvent<
  'TicketReopened',
  { ticketId: string; reason: string; reopenedAt: string }
>;
export type TicketClosed = DomainEvent<'TicketClosed', { ticketId: string; closedAt: string }>;
export type TicketCommented = DomainEvent<
  'TicketCommented',
  {
    ticketId: string;
    commentId: string;
    authorId: string;
    visibility: CommentVisibility;
    body: string;
    commentedAt: string;
  }
>;
export type TicketAssigned = DomainEvent<
  'TicketAssigned',
  { ticketId: string; assigneeId: string; previousAssigneeId: string | null; assignedAt: string }
>;
export type TicketWorkLogged = DomainEvent<
  'TicketWorkLogged',
  {
    ticketId: string;
    workLogId: string;
    technicianId: string;
    minutes: number;
    billable: boolean;
    note: string;
    loggedAt: string;
  }
>;

export type TicketEvent =
  | TicketOpened
  | TicketFirstResponded
  | TicketWorkStarted
  | TicketWaitingForClient
  | TicketResumed
  | TicketResolved
  | TicketReopened
  | TicketClosed
  | TicketCommented
  | TicketAssigned
  | TicketWorkLogged;
