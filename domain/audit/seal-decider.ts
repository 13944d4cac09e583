import { conflict, type Decider } from '../shared/index.js';
import type { SealEvent } from './seal-events.js';

/** Record a seal over heads the caller read from the log (the domain does no I/O). */
export interface SealHistory {
  type: 'SealHistory';
  tenantId: string;
  checkpoint: string;
  streams: number;
  headsHash: string;
  sealedAt: string;
}

/** A tenant's seals so far: the last one's checkpoint and hash. */
export interface SealState {
  count: number;
  last: { checkpoint: string; headsHash: string } | undefined;
}

export const initialSealState: SealState = { count: 0, last: undefined };

export const evolveSeal = (state: SealState, event: SealEvent): SealState => ({
  count: state.count + 1,
  last: { checkpoint: event.data.checkpoint, headsHash: event.data.headsHash },
});

/**
 * Seals follow the log: a seal taken at an earlier checkpoint than the last recorded one (two seals racing)
 * is refused, and sealing a log that did not move since the last seal records nothing new.
 */
export const decideSeal = (command: SealHistory, state: SealState): SealEvent[] => {
  if (state.last && command.checkpoint < state.last.checkpoint) {
    throw conflict(
      'SEAL_BEHIND_LAST_SEAL',
      `a seal at ${command.checkpoint} would come after one at ${state.last.checkpoint}`,
    );
  }
  if (state.last?.checkpoint === command.checkpoint && state.last.headsHash === command.headsHash) return [];
  const { type: _type, ...data } = command;
  return [{ type: 'HistorySealed', data }];
};

export const sealDecider: Decider<SealHistory, SealState, SealEvent> = {
  initialState: initialSealState,
  evolve: evolveSeal,
  decide: decideSeal,
};
