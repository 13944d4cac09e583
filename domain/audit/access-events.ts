import type { DomainEvent } from '../shared/index.js';

/** What an auditor (or another reader of the full history) did with the history. */
export const auditorAccessActions = [
  'verified',
  'exported',
  'sealed',
  'viewed_state',
  'rebuilt_as_of',
] as const;
export type AuditorAccessAction = (typeof auditorAccessActions)[number];

/** How it went: nothing wrong (or found), the verification found problems, or the thing did not exist then. */
export const auditorAccessResults = ['ok', 'problems_found', 'not_found'] as const;
export type AuditorAccessResult = (typeof auditorAccessResults)[number];

/** Where the access came from. */
export const auditorAccessChannels = ['api', 'cli'] as const;
export type AuditorAccessChannel = (typeof auditorAccessChannels)[number];

/**
 * Someone read the history as an auditor does: verified the chains, exported, sealed, looked at an aggregate as
 * of a date, or rebuilt the read models as of a date. Who is the event's actor and when its recording time,
 * like every other event; the data says what and how it went, so the audit log answers "who looked at what".
 */
export type AuditorAccessRecorded = DomainEvent<
  'AuditorAccessRecorded',
  {
    accessId: string;
    tenantId: string;
    action: AuditorAccessAction;
    /**
     * What was accessed: `history` (the tenant's whole history), `every-tenant` (a verification of all
     * tenants at once, recorded in each), or one aggregate's stream name (`device-<uuid>`).
     */
    target: string;
    /** The instant the state or rebuild was taken as of (ISO date-time), for the as-of actions. */
    asOf?: string;
    via: AuditorAccessChannel;
    result: AuditorAccessResult;
    /** Events verified, exported, applied or folded. */
    events?: number;
    /** Problems a verification named. */
    problems?: number;
    /** A short reference: the seal's hash, the rebuild's schema. */
    detail?: string;
    accessedAt: string;
  }
>;

export type AuditorAccessEvent = AuditorAccessRecorded;

/** The stream of one tenant's auditor accesses (appended at any revision: no rule reads earlier ones). */
export const auditAccessStreamOf = (tenantId: string) => `audit-access-${tenantId}`;
