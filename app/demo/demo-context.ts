import type { Actor } from '../../domain/shared/index.js';
import type { AccountCommands, DemoAccount } from './demo-accounts.js';
import type { Timeline } from './demo-timeline.js';

/** What every company of the demo is planned with. */
export interface DemoContext {
  timeline: Timeline;
  accounts: AccountCommands;
  /** The IT team's administrator, who registers tenants and manages accounts. */
  admin: Actor;
  /** The IT team's technician, granted the technician role for each company as it is registered. */
  technician: DemoAccount;
}

/** A company the demo planned: its tenant and the logins of its own people. */
export interface PlannedCompany {
  tenantId: string;
  name: string;
  accounts: DemoAccount[];
}
