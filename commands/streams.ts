import { normalizeEmail } from '../domain/shared/index.js';
import { keyIdFor } from './event-id.js';

/** Stream names, `<category>-<id>` (DESIGN.md, Events), in one place for every command file. */
export const organizationStream = (organizationId: string) => `organization-${organizationId}`;
export const personStream = (personId: string) => `person-${personId}`;
export const deviceStream = (deviceId: string) => `device-${deviceId}`;
export const ticketStream = (ticketId: string) => `ticket-${ticketId}`;
export const processStream = (processId: string) => `process-${processId}`;
/** The devices one person holds (see `domain/device/device-custody.ts`). */
export const custodyStream = (personId: string) => `custody-${personId}`;
/** A tenant's own scenarios (one stream per tenant). */
export const tenantScenariosStream = (tenantId: string) => `scenarios-${tenantId}`;
/** An account of the panel (domain/account). */
export const accountStream = (accountId: string) => `account-${accountId}`;
/**
 * The reservation stream of an account's e-mail address. Global, not per tenant: an address is one login
 * across the whole system, so the key's scope is the fixed `global`, not a tenant.
 */
export const accountEmailStream = (email: string) =>
  `account_email-${keyIdFor('account-email', 'global', normalizeEmail(email))}`;
