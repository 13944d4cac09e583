import { expect } from 'chai';
import {
  type Decider,
  DomainError,
  type DomainErrorKind,
  type DomainEvent,
} from '../../domain/shared/index.js';

/**
 * Given/when/then specifications for a decider: `given(events).when(command).then(events)` for the allowed
 * path, `.thenThrows(code)` for the refused one.
 */
export const deciderSpec =
  <Command, State, Event extends DomainEvent>(decider: Decider<Command, State, Event>) =>
  (given: Event[]) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, stateAfter(decider, given));
      return {
        // biome-ignore lint/suspicious/noThenProperty: the given/when/then vocabulary of STYLE.md; never awaited
        then: (expected: Event[]) => {
          expect(run()).to.deep.equal(expected);
        },
        thenThrows: (code: string, kind?: DomainErrorKind) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, `expected ${code} to be thrown`).to.be.instanceOf(DomainError);
          expect((thrown as DomainError).code).to.equal(code);
          if (kind) expect((thrown as DomainError).kind).to.equal(kind);
        },
      };
    },
  });

/** The fold of `events`, for specs that check the resulting state. */
export const stateAfter = <Command, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
  events: Event[],
): State => events.reduce(decider.evolve, decider.initialState);
