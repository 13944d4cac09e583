import {
  type EventSchema,
  emailSchema as email,
  emailReservationEventSchemas,
  roles,
  schemaParts as s,
} from '../shared/index.js';
import { maxApiTokenNameLength, maxDisableReasonLength } from './account-decider.js';
import { apiTokenHashPattern, passwordHashPattern } from './account-events.js';

const role = s.enumOf(roles);
const scope = s.nullable(s.id);

/** JSON Schemas of every account event's data, by version. */
export const accountEventSchemas: EventSchema[] = [
  {
    type: 'AccountCreated',
    version: 1,
    schema: s.object({
      accountId: s.id,
      email,
      displayName: s.name,
      homeTenantId: s.id,
      personId: s.nullable(s.id),
      createdAt: s.instant,
    }),
  },
  {
    type: 'AccountPasswordSet',
    version: 1,
    schema: s.object({
      accountId: s.id,
      passwordHash: { type: 'string', maxLength: 500, pattern: passwordHashPattern },
      setAt: s.instant,
    }),
  },
  {
    type: 'AccountRoleGranted',
    version: 1,
    schema: s.object({ accountId: s.id, role, tenantId: scope, grantedAt: s.instant }),
  },
  {
    type: 'AccountRoleRevoked',
    version: 1,
    schema: s.object({ accountId: s.id, role, tenantId: scope, revokedAt: s.instant }),
  },
  {
    type: 'AccountDisabled',
    version: 1,
    schema: s.object({
      accountId: s.id,
      reason: { type: 'string', minLength: 1, maxLength: maxDisableReasonLength },
      disabledAt: s.instant,
    }),
  },
  {
    type: 'AccountEnabled',
    version: 1,
    schema: s.object({ accountId: s.id, enabledAt: s.instant }),
  },
  {
    type: 'AccountApiTokenIssued',
    version: 1,
    schema: s.object({
      accountId: s.id,
      tokenId: s.id,
      name: { type: 'string', minLength: 1, maxLength: maxApiTokenNameLength },
      tokenHash: { type: 'string', pattern: apiTokenHashPattern },
      expiresAt: s.nullable(s.instant),
      issuedAt: s.instant,
    }),
  },
  {
    type: 'AccountApiTokenRevoked',
    version: 1,
    schema: s.object({ accountId: s.id, tokenId: s.id, revokedAt: s.instant }),
  },
];

/**
 * JSON Schemas of the e-mail reservations (account-email.ts), one stream per address for the whole
 * system. A list of their own: they are not events of an account's stream.
 */
export const accountEmailEventSchemas = emailReservationEventSchemas('Account', 'accountId');
