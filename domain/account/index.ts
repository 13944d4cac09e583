export * from './account.js';
export * from './account-commands.js';
export * from './account-decider.js';
export * from './account-email.js';
export * from './account-event-schemas.js';
export * from './account-events.js';
