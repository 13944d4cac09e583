import type { Decider, DomainEvent } from '../domain/shared/index.js';
import { notFound } from '../domain/shared/index.js';
import {
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store/index.js';
import type { CommandEnvelope, CommandResult } from './command-envelope.js';
import { eventIdFor } from './event-id.js';

/** An aggregate's current state as read from its stream, for one tenant. */
export interface LoadedAggregate<State> {
  state: State;
  /** Revision of the last event, or undefined when the stream has none. */
  revision: bigint | undefined;
  /** The events an earlier run of this very command recorded (a repeat), if any. */
  earlier: RecordedEvent[];
  /** The stream belongs to another tenant: callers must answer as if it did not exist. */
  foreign: boolean;
}

/**
 * Reads and folds one stream. A stream of another tenant reads as if it did not exist, so nobody learns
 * that another client's device or person is there.
 */
export const loadAggregate = async <State, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  tenantId: string,
  commandId?: string,
): Promise<LoadedAggregate<State>> => {
  let state = decider.initialState;
  let revision: bigint | undefined;
  const earlier: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) {
    if (event.metadata.tenantId !== tenantId) {
      return { state: decider.initialState, revision: undefined, earlier: [], foreign: true };
    }
    state = decider.evolve(state, { type: event.type, data: event.data } as unknown as Event);
    revision = event.streamRevision;
    if (commandId !== undefined && event.metadata.commandId === commandId) earlier.push(event);
  }
  return { state, revision, earlier, foreign: false };
};

/** How often a command is decided again after another writer changed its stream first. */
const maxAttempts = 5;

/**
 * The events a command decided, as the store takes them: ids derived from the command id (so a repeated
 * command appends nothing) and the envelope's tenant, actor, command, correlation and causation as metadata.
 */
export const eventsOfCommand = (envelope: CommandEnvelope, events: readonly DomainEvent[]): NewEvent[] => {
  const metadata = {
    tenantId: envelope.tenantId,
    actor: envelope.actor,
    commandId: envelope.commandId,
    correlationId: envelope.correlationId ?? envelope.commandId,
    causationId: envelope.causationId ?? envelope.commandId,
  };
  return events.map((event, index) => ({
    id: eventIdFor(envelope.commandId, index),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata,
  }));
};

/**
 * The whole command path: read the stream, fold, decide, append with the expected revision, and on a
 * conflict do it all again (the decision may differ on the newer state), a bounded number of times.
 * A command already handled (same command id) answers its first result and stores nothing.
 */
export const handleCommand = async <Command, State, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<Command, State, Event>,
  stream: string,
  command: Command,
  envelope: CommandEnvelope,
): Promise<CommandResult> => {
  for (let attempt = 1; ; attempt += 1) {
    const loaded = await loadAggregate(store, stream, decider, envelope.tenantId, envelope.commandId);
    if (loaded.foreign) throw notFound('NOT_FOUND', `${stream} does not exist`);
    const last = loaded.earlier.at(-1);
    if (last) {
      return {
        stream,
        revision: last.streamRevision,
        checkpoint: last.checkpoint,
        eventTypes: loaded.earlier.map((e) => e.type),
        events: loaded.earlier.map(({ type, data }) => ({ type, data })),
      };
    }
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) {
      return { stream, revision: loaded.revision ?? -1n, checkpoint: undefined, eventTypes: [], events: [] };
    }
    const newEvents = eventsOfCommand(envelope, events);
    try {
      const result = await store.appendToStream(stream, newEvents, {
        expectedRevision: loaded.revision ?? 'no_stream',
      });
      return {
        stream,
        revision: result.nextExpectedRevision,
        checkpoint: result.checkpoint,
        eventTypes: events.map((e) => e.type),
        events: newEvents.map(({ type, data }) => ({ type, data })),
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) throw error;
    }
  }
};
