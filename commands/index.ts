import { accountCommands } from './account/account-command-handlers.js';
import { auditCommands } from './audit/audit-command-handlers.js';
import type { CommandDefinition } from './command-definition.js';
import { deviceCommands } from './device/device-command-handlers.js';
import { organizationCommands } from './organization/organization-command-handlers.js';
import { personCommands } from './person/person-command-handlers.js';
import { processCommands } from './process/process-command-handlers.js';
import { ticketCommands } from './ticket/ticket-command-handlers.js';

export { DomainError, type DomainErrorKind } from '../domain/shared/domain-error.js';
export { type Role, roles } from '../domain/shared/index.js';
export { accountCommandHandlers, accountCommands } from './account/account-command-handlers.js';
export { hashApiToken } from './account/api-token.js';
export { defaultScryptCost, hashPassword, type ScryptCost, verifyPassword } from './account/password.js';
export { auditCommands, readSealedHeads, sealHistory } from './audit/audit-command-handlers.js';
export { recordAuditorAccess } from './audit/auditor-access-command.js';
export {
  type CommandDefinition,
  type CommandDeps,
  CommandValidationError,
  executeCommand,
  fieldIssues,
} from './command-definition.js';
export type { CommandEnvelope, CommandResult } from './command-envelope.js';
export { eventIdFor, keyIdFor } from './event-id.js';
export { newId } from './new-id.js';

/** Every command the write API offers, by type. */
export const allCommands: readonly CommandDefinition<unknown>[] = [
  ...organizationCommands,
  ...personCommands,
  ...deviceCommands,
  ...ticketCommands,
  ...processCommands,
  ...accountCommands,
  ...auditCommands,
];
