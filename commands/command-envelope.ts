import type { Actor, CommandContext } from '../domain/shared/index.js';

/** What arrives with every command from the edge (HTTP, CLI, process manager). */
export interface CommandEnvelope {
  /** UUID chosen by the caller; the same id means the same command, however often it is sent. */
  commandId: string;
  tenantId: string;
  actor: Actor;
  /** When the command was accepted (ISO 8601); the domain's only clock. */
  now: string;
  /** The command or event that led to this one; both default to the command itself. */
  correlationId?: string;
  causationId?: string;
}

/** What a handled command answers: where its events ended up, and the checkpoint to wait for. */
export interface CommandResult {
  stream: string;
  /** Revision of the stream's last event after the command (-1n: the stream is still empty). */
  revision: bigint;
  /** Checkpoint of the command's last event; undefined when it changed nothing. */
  checkpoint: string | undefined;
  /** Types of the events recorded (on a repeat: those recorded the first time). */
  eventTypes: string[];
  /** The events recorded, type and data (on a repeat: those recorded the first time). */
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

/** The part of the envelope the domain sees: tenant, actor and time. */
export const contextOf = (envelope: CommandEnvelope): CommandContext => ({
  tenantId: envelope.tenantId,
  actor: envelope.actor,
  now: envelope.now,
});
