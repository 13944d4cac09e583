import type { CommandContext, Role } from '../shared/index.js';
import type { CommentVisibility, TicketFacts } from './ticket-events.js';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandContext;
}

/**
 * `requesterStatus`: the requester's person status, loaded by the command handler (a departed person
 * cannot ask for anything). `sla`: the targets of the tenant's policy for this priority, passed in by the
 * handler and frozen in the ticket. `deviceId`: checked to exist by the handler; the domain only records it.
 */
export type OpenTicket = Command<
  'OpenTicket',
  Omit<TicketFacts, 'deviceId'> & { deviceId?: string | null; requesterStatus: string }
>;
export type StartTicketWork = Command<'StartTicketWork', { ticketId: string }>;
/** `reason`: what the IT team waits for (an answer, a visit, a part the client orders). */
export type MarkTicketWaitingForClient = Command<
  'MarkTicketWaitingForClient',
  { ticketId: string; reason: string }
>;
export type ResumeTicket = Command<'ResumeTicket', { ticketId: string }>;
export type ResolveTicket = Command<'ResolveTicket', { ticketId: string; resolution: string }>;
/** `reopenWindowDays`: from the tenant's policy, loaded by the command handler. */
export type ReopenTicket = Command<
  'ReopenTicket',
  { ticketId: string; reason: string; reopenWindowDays: number }
>;
export type CloseTicket = Command<'CloseTicket', { ticketId: string }>;
/** The author is the actor. */
export type CommentOnTicket = Command<
  'CommentOnTicket',
  { ticketId: string; commentId: string; visibility: CommentVisibility; body: string }
>;
/** `assigneeRole`: the role of the assignee's account, loaded by the command handler. */
export type AssignTicket = Command<
  'AssignTicket',
  { ticketId: string; assigneeId: string; assigneeRole: Role }
>;
/** The technician is the actor. */
export type LogTicketWork = Command<
  'LogTicketWork',
  { ticketId: string; workLogId: string; minutes: number; billable: boolean; note: string }
>;

export type TicketCommand =
  | OpenTicket
  | StartTicketWork
  | MarkTicketWaitingForClient
  | ResumeTicket
  | ResolveTicket
  | ReopenTicket
  | CloseTicket
  | CommentOnTicket
  | AssignTicket
  | LogTicketWork;
