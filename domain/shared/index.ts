export { type Actor, type CommandContext, type Role, roles } from './actor.js';
export { assertNever, type Decider, type DomainEvent } from './decider.js';
export {
  conflict,
  DomainError,
  type DomainErrorKind,
  forbidden,
  notFound,
  ruleBroken,
} from './domain-error.js';
export {
  type EmailReservationCommand,
  type EmailReservationDecider,
  type EmailReservationEvent,
  type EmailReservationState,
  emailPattern,
  emailReservationDecider,
  emailReservationEventSchemas,
  emailSchema,
  maxEmailLength,
  normalizeEmail,
  validEmail,
} from './email.js';
export { type EventSchema, type EventUpcaster, type JsonSchema, schemaParts } from './event-schema.js';
export { assertMoney, type Money } from './money.js';
