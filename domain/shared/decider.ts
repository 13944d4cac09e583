/** A domain event as the domain sees it: a past-tense type and a JSON payload carrying the aggregate id. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/**
 * One aggregate's rules as two pure pieces: `evolve` folds events into state, `decide` turns a command
 * and the current state into new events or throws a `DomainError`. No I/O, no clock, no random ids:
 * time, ids and the actor arrive in the command.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  /** The state before the first event. */
  initialState: State;
  /** Applies one event; must accept every event `decide` ever produced, in any version still stored. */
  evolve(state: State, event: Event): State;
  /** Decides what happens; returns the events to record (possibly none) or throws a `DomainError`. */
  decide(command: Command, state: State): Event[];
}

/** Makes a `switch` over a union total: the compiler fails when a member is not handled. */
export const assertNever = (value: never): never => {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
};
