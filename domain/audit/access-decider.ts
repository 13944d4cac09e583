import { type Decider, DomainError } from '../shared/index.js';
import type { AuditorAccessEvent, AuditorAccessRecorded } from './access-events.js';

/** Record one access to the history; the edge (HTTP, CLI) knows what was done and how it went. */
export interface RecordAuditorAccess {
  type: 'RecordAuditorAccess';
  data: AuditorAccessRecorded['data'];
}

/** How many accesses a tenant's stream holds; no rule depends on it. */
export interface AuditorAccessState {
  count: number;
}

const asOfActions: readonly string[] = ['viewed_state', 'rebuilt_as_of'];

/**
 * An access as of a date names that date, and only a verification can find problems: a record that breaks
 * either would mislead the auditor reading it later.
 */
export const decideAuditorAccess = (command: RecordAuditorAccess): AuditorAccessEvent[] => {
  const { data } = command;
  if (asOfActions.includes(data.action) && data.asOf === undefined) {
    throw new DomainError('AS_OF_REQUIRED', `${data.action} is an access as of a date: name it`, 'invalid');
  }
  if (!asOfActions.includes(data.action) && data.asOf !== undefined) {
    throw new DomainError('AS_OF_NOT_APPLICABLE', `${data.action} is not taken as of a date`, 'invalid');
  }
  if (data.result === 'problems_found' && data.action !== 'verified') {
    throw new DomainError('PROBLEMS_ONLY_FROM_VERIFY', `${data.action} cannot find problems`, 'invalid');
  }
  if (data.result === 'problems_found' && !(data.problems !== undefined && data.problems > 0)) {
    throw new DomainError('PROBLEMS_NOT_COUNTED', 'problems were found: say how many', 'invalid');
  }
  return [{ type: 'AuditorAccessRecorded', data }];
};

export const auditorAccessDecider: Decider<RecordAuditorAccess, AuditorAccessState, AuditorAccessEvent> = {
  initialState: { count: 0 },
  evolve: (state) => ({ count: state.count + 1 }),
  decide: (command) => decideAuditorAccess(command),
};
