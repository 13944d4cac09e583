import { assertNever } from '../shared/index.js';
import type { OrganizationEvent, OrganizationSettings } from './organization-events.js';

/** A tenant either does not exist yet or is registered with its current settings. */
export type OrganizationState =
  | { status: 'unregistered' }
  | { status: 'registered'; organization: OrganizationSettings };

export const initialOrganizationState: OrganizationState = { status: 'unregistered' };

const settingsOf = (state: OrganizationState): OrganizationSettings => {
  if (state.status === 'unregistered') {
    throw new Error('Event applied to an organization that was never registered');
  }
  return state.organization;
};

const withSettings = (
  state: OrganizationState,
  change: Partial<OrganizationSettings>,
): OrganizationState => ({
  status: 'registered',
  organization: { ...settingsOf(state), ...change },
});

export const evolveOrganization = (state: OrganizationState, event: OrganizationEvent): OrganizationState => {
  switch (event.type) {
    case 'OrganizationRegistered': {
      const { registeredAt: _, ...organization } = event.data;
      return { status: 'registered', organization };
    }
    case 'OrganizationRenamed':
      return withSettings(state, { name: event.data.name });
    case 'OrganizationTimeZoneChanged':
      return withSettings(state, { timeZone: event.data.timeZone });
    case 'OrganizationSlaPolicyChanged':
      return withSettings(state, { slaPolicy: event.data.slaPolicy });
    case 'OrganizationLabourRateChanged':
      return withSettings(state, { labourRate: event.data.labourRate });
    case 'OrganizationReplacementPolicyChanged':
      return withSettings(state, { replacementAgeMonths: event.data.replacementAgeMonths });
    case 'OrganizationTicketReopenWindowChanged':
      return withSettings(state, { ticketReopenWindowDays: event.data.ticketReopenWindowDays });
    default:
      return assertNever(event);
  }
};
