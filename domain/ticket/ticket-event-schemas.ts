import { type EventSchema, schemaParts as s } from '../shared/index.js';
import {
  commentVisibilities,
  firstResponseKinds,
  resumeTriggers,
  ticketCategories,
  ticketPriorities,
} from './ticket-events.js';

const minutes = (maximum?: number) => ({ type: 'integer', minimum: 1, ...(maximum ? { maximum } : {}) });

/** JSON Schemas of every ticket event's data, by version. */
export const ticketEventSchemas: EventSchema[] = [
  {
    type: 'TicketOpened',
    version: 1,
    schema: s.object({
      ticketId: s.id,
      requesterId: s.id,
      deviceId: s.nullable(s.id),
      category: s.enumOf(ticketCategories),
      priority: s.enumOf(ticketPriorities),
      title: s.name,
      description: s.text(10_000),
      sla: s.object({ firstResponseMinutes: minutes(), resolutionMinutes: minutes() }),
      openedAt: s.instant,
    }),
  },
  {
    type: 'TicketFirstResponded',
    version: 1,
    schema: s.object({ ticketId: s.id, via: s.enumOf(firstResponseKinds), respondedAt: s.instant }),
  },
  {
    type: 'TicketWorkStarted',
    version: 1,
    schema: s.object({ ticketId: s.id, startedAt: s.instant }),
  },
  {
    type: 'TicketWaitingForClient',
    version: 1,
    schema: s.object({ ticketId: s.id, reason: s.text(), pausedAt: s.instant }),
  },
  {
    type: 'TicketResumed',
    version: 1,
    schema: s.object({
      ticketId: s.id,
      trigger: s.enumOf(resumeTriggers),
      pausedAt: s.instant,
      resumedAt: s.instant,
    }),
  },
  {
    type: 'TicketResolved',
    version: 1,
    schema: s.object({
      ticketId: s.id,
      resolution: { type: 'string', minLength: 1, maxLength: 10_000 },
      resolvedAt: s.instant,
    }),
  },
  {
    type: 'TicketReopened',
    version: 1,
    schema: s.object({ ticketId: s.id, reason: s.text(), reopenedAt: s.instant }),
  },
  {
    type: 'TicketClosed',
    version: 1,
    schema: s.object({ ticketId: s.id, closedAt: s.instant }),
  },
  {
    type: 'TicketCommented',
    version: 1,
    schema: s.object({
      ticketId: s.id,
      commentId: s.id,
      authorId: s.id,
      visibility: s.enumOf(commentVisibilities),
      body: { type: 'string', minLength: 1, maxLength: 10_000 },
      commentedAt: s.instant,
    }),
  },
  {
    type: 'TicketAssigned',
    version: 1,
    schema: s.object({
      ticketId: s.id,
      assigneeId: s.id,
      previousAssigneeId: s.nullable(s.id),
      assignedAt: s.instant,
    }),
  },
  {
    type: 'TicketWorkLogged',
    version: 1,
    schema: s.object({
      ticketId: s.id,
      workLogId: s.id,
      technicianId: s.id,
      minutes: minutes(24 * 60),
      billable: { type: 'boolean' },
      note: s.text(),
      loggedAt: s.instant,
    }),
  },
];
