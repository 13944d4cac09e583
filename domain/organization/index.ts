export * from './organization.js';
export * from './organization-commands.js';
export * from './organization-decider.js';
export * from './organization-event-schemas.js';
export * from './organization-events.js';
