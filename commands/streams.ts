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
